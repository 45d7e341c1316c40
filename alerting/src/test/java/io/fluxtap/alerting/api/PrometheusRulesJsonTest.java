package io.fluxtap.alerting.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Values and times as Prometheus 2.42's rules API writes them (seen in its {@code /api/v1/rules} answers). */
class PrometheusRulesJsonTest {

    @Test
    void valuesAreGoFormatFloatE() {
        assertEquals("1e+00", PrometheusRulesJson.formatValue(1));
        assertEquals("7e+00", PrometheusRulesJson.formatValue(7));
        assertEquals("1.5e+01", PrometheusRulesJson.formatValue(15));
        assertEquals("1.2345e-03", PrometheusRulesJson.formatValue(0.0012345));
        assertEquals("-2.5e+100", PrometheusRulesJson.formatValue(-2.5e100));
        assertEquals("0e+00", PrometheusRulesJson.formatValue(0));
        assertEquals("NaN", PrometheusRulesJson.formatValue(Double.NaN));
        assertEquals("+Inf", PrometheusRulesJson.formatValue(Double.POSITIVE_INFINITY));
    }

    @Test
    void timesAreRfc3339NanoWithTrailingZerosCut() {
        assertEquals("2026-12-02T04:02:22.167742885Z",
                PrometheusRulesJson.time(Instant.parse("2026-12-02T04:02:22.167742885Z")));
        assertEquals("2026-12-02T04:02:22.1Z", PrometheusRulesJson.time(Instant.parse("2026-12-02T04:02:22.100Z")));
        assertEquals("2026-12-02T04:02:22Z", PrometheusRulesJson.time(Instant.parse("2026-12-02T04:02:22Z")));
        assertEquals("0001-01-01T00:00:00Z", PrometheusRulesJson.time(null));
    }

    @Test
    void alertmanagerTimesHaveMilliseconds() {
        assertEquals("2026-12-02T04:02:22.167Z", AmJson.time(Instant.parse("2026-12-02T04:02:22.167742885Z")));
        assertEquals("2026-12-02T04:02:22.000Z", AmJson.time(Instant.parse("2026-12-02T04:02:22Z")));
    }
}
