package io.fluxtap.storage.prometheus.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Expected texts are what Go's strconv.FormatFloat and Prometheus' timestamp writer give for the same inputs. */
class PrometheusNumbersTest {

    @Test
    void valuesAreGoShortestPlainDigitsWithExponentsOnlyAtTheExtremes() {
        assertEquals("1", PrometheusNumbers.value(1));
        assertEquals("0.1", PrometheusNumbers.value(0.1));
        assertEquals("-2.5", PrometheusNumbers.value(-2.5));
        assertEquals("0", PrometheusNumbers.value(0));
        assertEquals("-0", PrometheusNumbers.value(-0.0));
        assertEquals("1234567.891", PrometheusNumbers.value(1234567.891));
        assertEquals("100000000000000000000", PrometheusNumbers.value(1e20));
        assertEquals("1e+21", PrometheusNumbers.value(1e21));
        assertEquals("1.2345e+22", PrometheusNumbers.value(1.2345e22));
        assertEquals("0.000001", PrometheusNumbers.value(1e-6));
        assertEquals("1.5e-07", PrometheusNumbers.value(1.5e-7));
        assertEquals("-5e-324", PrometheusNumbers.value(-Double.MIN_VALUE));
        assertEquals("1.7976931348623157e+308", PrometheusNumbers.value(Double.MAX_VALUE));
        assertEquals("0.30000000000000004", PrometheusNumbers.value(0.1 + 0.2));
        assertEquals("NaN", PrometheusNumbers.value(Double.longBitsToDouble(0x7ff0000000000002L)));
        assertEquals("+Inf", PrometheusNumbers.value(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusNumbers.value(Double.NEGATIVE_INFINITY));
    }

    @Test
    void timestampsAreSecondsWithThreeMillisecondDigitsOrNone() {
        assertEquals("1435781451.781", PrometheusNumbers.timestamp(1435781451781L));
        assertEquals("1435781451.780", PrometheusNumbers.timestamp(1435781451780L));
        assertEquals("1435781451.001", PrometheusNumbers.timestamp(1435781451001L));
        assertEquals("1435781451", PrometheusNumbers.timestamp(1435781451000L));
        assertEquals("0", PrometheusNumbers.timestamp(0));
        assertEquals("-1.500", PrometheusNumbers.timestamp(-1500));
    }
}
