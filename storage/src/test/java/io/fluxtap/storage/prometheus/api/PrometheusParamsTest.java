package io.fluxtap.storage.prometheus.api;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PrometheusParamsTest {

    @Test
    void timesAreUnixSecondsWithDecimalsOrRfc3339() {
        assertEquals(1435781451781L, PrometheusParams.time("1435781451.781"));
        assertEquals(1435781451000L, PrometheusParams.time("1435781451"));
        assertEquals(1435781451782L, PrometheusParams.time("1435781451.7815"));
        assertEquals(-1500L, PrometheusParams.time("-1.5"));
        assertEquals(Instant.parse("2015-07-01T20:10:51.781Z").toEpochMilli(),
                PrometheusParams.time("2015-07-01T20:10:51.781Z"));
        assertEquals(Instant.parse("2015-07-01T18:10:51Z").toEpochMilli(), PrometheusParams.time("2015-07-01T20:10:51+02:00"));
        assertEquals(PrometheusParams.MIN_TIME_MS, PrometheusParams.time("-292273086-05-16T16:47:06Z"));
        assertEquals(PrometheusParams.MAX_TIME_MS, PrometheusParams.time("292277025-08-18T07:12:54.999999999Z"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrometheusParams.time("x"));
        assertEquals("cannot parse \"x\" to a valid timestamp", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PrometheusParams.time("5d"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusParams.time(""));
    }

    @Test
    void durationsArePrometheusDurationStringsOrFloatSeconds() {
        assertEquals(300_000_000_000L, PrometheusParams.durationNanos("5m"));
        assertEquals(5_400_000_000_000L, PrometheusParams.durationNanos("1h30m"));
        assertEquals(15_000_000_000L, PrometheusParams.durationNanos("15"));
        assertEquals(1_500_000_000L, PrometheusParams.durationNanos("1.5"));
        assertEquals(432_000_000_000_000L, PrometheusParams.durationNanos("5d"));
        assertEquals(10_000_000L, PrometheusParams.durationNanos("10ms"));
        assertEquals(0, PrometheusParams.durationNanos("0"));
        assertEquals(-1_000_000_000L, PrometheusParams.durationNanos("-1"));
        assertEquals("cannot parse \"1m1h\" to a valid duration",
                assertThrows(IllegalArgumentException.class, () -> PrometheusParams.durationNanos("1m1h")).getMessage());
        assertEquals("cannot parse \"\" to a valid duration",
                assertThrows(IllegalArgumentException.class, () -> PrometheusParams.durationNanos("")).getMessage());
        assertEquals("cannot parse \"1e300\" to a valid duration. It overflows int64",
                assertThrows(IllegalArgumentException.class, () -> PrometheusParams.durationNanos("1e300")).getMessage());
    }

    @Test
    void limitsAreNonNegativeIntegersWithZeroForNone() {
        assertEquals(Integer.MAX_VALUE, PrometheusParams.limit(""));
        assertEquals(Integer.MAX_VALUE, PrometheusParams.limit("0"));
        assertEquals(7, PrometheusParams.limit("7"));
        assertEquals("limit must be non-negative",
                assertThrows(IllegalArgumentException.class, () -> PrometheusParams.limit("-1")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> PrometheusParams.limit("ten"));
    }
}
