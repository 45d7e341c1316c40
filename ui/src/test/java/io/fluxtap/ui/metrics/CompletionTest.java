package io.fluxtap.ui.metrics;

import io.fluxtap.api.Labels;
import io.fluxtap.ui.testing.InMemoryMetrics;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CompletionTest {

    private final InMemoryMetrics catalog = new InMemoryMetrics()
            .add(Labels.of("__name__", "http_requests_total", "code", "200", "job", "api"), Instant.EPOCH, 1)
            .add(Labels.of("__name__", "http_requests_total", "code", "500", "job", "api"), Instant.EPOCH, 1)
            .add(Labels.of("__name__", "http_request_seconds_sum", "job", "api"), Instant.EPOCH, 1)
            .add(Labels.of("__name__", "up", "job", "api"), Instant.EPOCH, 1);

    @Test
    void aTrailingWordOffersMetricNames() {
        Completion c = Completion.at("sum(rate(http_req").orElseThrow();
        assertEquals(List.of("http_request_seconds_sum", "http_requests_total"), c.candidates(catalog, 10));
        assertEquals("sum(rate(http_requests_total", c.apply("sum(rate(http_req", "http_requests_total"));
    }

    @Test
    void insideBracesLabelNamesThenValuesOfThatMetric() {
        Completion names = Completion.at("http_requests_total{").orElseThrow();
        assertEquals(List.of("code", "job"), names.candidates(catalog, 10));
        assertEquals("http_requests_total{code=\"", names.apply("http_requests_total{", "code"));

        Completion values = Completion.at("http_requests_total{code=\"").orElseThrow();
        assertEquals(List.of("200", "500"), values.candidates(catalog, 10));
        assertEquals("http_requests_total{code=\"500\"", values.apply("http_requests_total{code=\"", "500"));

        Completion second = Completion.at("http_requests_total{code=\"500\", j").orElseThrow();
        assertEquals(List.of("job"), second.candidates(catalog, 10));
        Completion regex = Completion.at("up{job=~\"a").orElseThrow();
        assertEquals(List.of("api"), regex.candidates(catalog, 10));
    }

    @Test
    void keywordsDurationsAndFinishedNamesOfferNothing() {
        assertEquals(Optional.empty(), Completion.at("sum by"));
        assertEquals(Optional.empty(), Completion.at("rate(up[5m"));
        assertEquals(Optional.empty(), Completion.at("up{job=\"api\"} "));
        assertEquals(List.of(), Completion.at("up").orElseThrow().candidates(catalog, 10));
    }
}
