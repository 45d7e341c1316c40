package io.fluxtap.ingestion.scrape.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fluxtap.api.Labels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpositionsTest {

    @Test
    void contentTypeChoosesTheParserAsPrometheusDoes() {
        assertInstanceOf(OpenMetricsParser.class,
                Expositions.forContentType("application/openmetrics-text; version=1.0.0; charset=utf-8"));
        assertInstanceOf(OpenMetricsParser.class, Expositions.forContentType("Application/OpenMetrics-Text"));
        assertInstanceOf(PrometheusTextParser.class, Expositions.forContentType("text/plain; version=0.0.4"));
        assertInstanceOf(PrometheusTextParser.class, Expositions.forContentType("application/json"));
        assertInstanceOf(PrometheusTextParser.class, Expositions.forContentType(null));
    }

    @Test
    void openMetricsSamplesKeepNamesTimestampsAndExemplars() throws Exception {
        String page = "# TYPE a counter\n# HELP a he\\nlp\na_total{foo=\"b\\\"a\\z\"} 1 1.5 # {trace_id=\"t\"} 0.5 2\n"
                + "a_created 123.456\n# EOF\n";
        ParsedPage parsed = new OpenMetricsParser().parse(page.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new MetricFamilyInfo("a", "counter", "he\nlp", "")), parsed.families());
        ScrapedSample total = parsed.samples().get(0);
        assertEquals(Labels.of("__name__", "a_total", "foo", "b\"a\\z"), total.labels());
        assertEquals(1500L, total.timestampMillis());
        assertEquals("t", total.exemplar().traceId());
        assertEquals(2000L, total.exemplar().timestamp().toEpochMilli());
        assertEquals(Labels.of("__name__", "a_created"), parsed.samples().get(1).labels());
        assertNull(parsed.samples().get(1).timestampMillis());
    }

    @Test
    void textSamplesHaveMillisecondTimestampsAndUnknownForUntyped() throws Exception {
        String page = "# TYPE x untyped\nx{le=\"1\"} +Inf 1700000000123\ny NaN\n";
        ParsedPage parsed = new PrometheusTextParser().parse(page.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new MetricFamilyInfo("x", "unknown", "", "")), parsed.families());
        assertEquals(Labels.of("__name__", "x", "le", "1"), parsed.samples().get(0).labels());
        assertEquals(Double.POSITIVE_INFINITY, parsed.samples().get(0).value());
        assertEquals(1700000000123L, parsed.samples().get(0).timestampMillis());
        assertEquals(Double.NaN, parsed.samples().get(1).value());
    }
}
