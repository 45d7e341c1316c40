package io.fluxtap.ingestion.otlp.translate;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PrometheusNamesTest {

    @Test
    void metricNamesKeepColonsAndReplaceEverythingElseInvalid() {
        assertEquals("http_server_request_duration", PrometheusNames.metricName("http.server.request.duration"));
        assertEquals("job:errors:rate5m", PrometheusNames.metricName("job:errors:rate5m"));
        assertEquals("_2xx_count", PrometheusNames.metricName("2xx-count"));
        assertEquals("caf__latency", PrometheusNames.metricName("café latency"));
        assertNull(PrometheusNames.metricName(""));
    }

    @Test
    void counterSuffixIsAddedOnce() {
        assertEquals("requests_total", PrometheusNames.counterName("requests"));
        assertEquals("requests_total", PrometheusNames.counterName("requests_total"));
    }

    @Test
    void labelNamesHaveNoColonsAndNoLeadingDigit() {
        assertEquals("k8s_pod_name", PrometheusNames.labelName("k8s.pod.name"));
        assertEquals("a_b", PrometheusNames.labelName("a:b"));
        assertEquals("key_0_level", PrometheusNames.labelName("0.level"));
        assertEquals("__reserved", PrometheusNames.labelName("__reserved"));
        assertNull(PrometheusNames.labelName(""));
    }

    @Test
    void numbersAreTheShortestPlainDecimal() {
        assertEquals("0.005", PrometheusNames.number(0.005));
        assertEquals("1", PrometheusNames.number(1.0));
        assertEquals("2500", PrometheusNames.number(2500.0));
        assertEquals("0.00001", PrometheusNames.number(1e-5));
        assertEquals("100000000000000000000000", PrometheusNames.number(1e23));
        assertEquals("-0.25", PrometheusNames.number(-0.25));
        assertEquals("0", PrometheusNames.number(-0.0));
        assertEquals("+Inf", PrometheusNames.number(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusNames.number(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", PrometheusNames.number(Double.NaN));
    }
}
