package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.await;
import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static io.fluxtap.dist.e2e.TestHttp.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.dist.arquillian.FluxtapEndToEnd;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Metrics sent by the official OpenTelemetry Java SDK (and the upstream OTLP/JSON example) read back through
 * {@code /api/v1/metrics/samples} as the Prometheus series they become.
 */
class MetricsEndToEndTest extends FluxtapEndToEnd {

    /** The OTLP examples from opentelemetry-proto, read in place (see ../shared/conformance/otlp/README.md). */
    private static final Path EXAMPLES = Path.of("../../shared/conformance/otlp/examples");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";

    @Test
    void counterUpDownCounterGaugeAndHistogramFromTheOtelSdkAreStoredExactly() {
        String prefix = uniquePrefix();
        Instant before = Instant.now();
        try (SdkMeterProvider provider = provider(prefix, UnaryOperator.identity())) {
            Meter meter = provider.get("io.fluxtap.test.shop");
            Attributes card = Attributes.of(AttributeKey.stringKey("payment.method"), "card");
            LongCounter orders = meter.counterBuilder(prefix + ".orders").setUnit("{order}")
                    .setDescription("orders placed").build();
            LongUpDownCounter carts = meter.upDownCounterBuilder(prefix + ".open_carts").build();
            DoubleHistogram latency = meter.histogramBuilder(prefix + ".latency").setUnit("ms").build();
            try (ObservableDoubleGauge ignored = meter.gaugeBuilder(prefix + ".temperature")
                    .buildWithCallback(gauge -> gauge.record(21.5, Attributes.of(AttributeKey.stringKey("room"), "lab")))) {
                Context inSpan = Context.root().with(Span.wrap(
                        SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault())));
                orders.add(5, card);
                carts.add(10);
                latency.record(0.5);
                latency.record(7, Attributes.empty(), inSpan);
                latency.record(7);
                latency.record(250);
                flush(provider);
                orders.add(7, card);
                carts.add(-3);
                flush(provider);
            }
            // Read back before the provider closes: closing exports once more.
            assertStored(prefix, before, Instant.now());
        }
    }

    private void assertStored(String prefix, Instant before, Instant after) {
        List<JsonNode> orders = samples(prefix + "_orders_total", 2);
        assertEquals(List.of(12.0, 5.0), values(orders), "cumulative, newest first");
        JsonNode latestOrders = orders.getFirst();
        assertEquals("counter", latestOrders.get("type").asText());
        assertEquals(Map.of("job", "shop/checkout", "instance", "pod-7", "payment_method", "card"),
                labels(latestOrders));
        assertEquals("{order}", latestOrders.get("unit").asText());
        assertEquals("orders placed", latestOrders.get("help").asText());
        assertEquals("checkout", latestOrders.get("entity_name").asText());
        assertEquals("host-42", latestOrders.get("machine_id").asText());
        assertEquals("io.fluxtap.test.shop", latestOrders.get("gear_id").asText());
        Instant ts = Instant.parse(latestOrders.get("ts").asText());
        assertFalse(ts.isBefore(before.minusSeconds(1)) || ts.isAfter(after), ts.toString());

        List<JsonNode> carts = samples(prefix + "_open_carts", 2);
        assertEquals(List.of(7.0, 10.0), values(carts));
        assertEquals("gauge", carts.getFirst().get("type").asText(), "a non-monotonic sum is a gauge");

        JsonNode temperature = samples(prefix + "_temperature", 2).getFirst();
        assertEquals(21.5, temperature.get("value").asDouble());
        assertEquals("gauge", temperature.get("type").asText());
        assertEquals("lab", labels(temperature).get("room"));

        // Cumulative: both exports carry the same histogram; the newest four buckets are the second export's.
        List<JsonNode> buckets = samples(prefix + "_latency_bucket", 8);
        Map<String, Double> byLe = new LinkedHashMap<>();
        buckets.subList(0, 4).forEach(b -> byLe.put(b.get("labels").get("le").asText(), b.get("value").asDouble()));
        assertEquals(Map.of("1", 1.0, "10", 3.0, "100", 3.0, "+Inf", 4.0), byLe);
        buckets.forEach(b -> assertEquals("histogram", b.get("type").asText()));
        // The SDK hands an exemplar over once, with the first export, on the bucket its value falls in.
        List<JsonNode> withExemplars = buckets.stream().filter(b -> !b.get("exemplars").isEmpty()).toList();
        assertEquals(1, withExemplars.size(), "only the measurement made in a sampled span: " + withExemplars);
        assertEquals("10", withExemplars.getFirst().get("labels").get("le").asText());
        JsonNode exemplar = withExemplars.getFirst().get("exemplars").get(0);
        assertEquals(TRACE_ID, exemplar.get("trace_id").asText());
        assertEquals(SPAN_ID, exemplar.get("span_id").asText());
        assertEquals(7.0, exemplar.get("value").asDouble());
        assertEquals(264.5, samples(prefix + "_latency_sum", 2).getFirst().get("value").asDouble());
        assertEquals(4.0, samples(prefix + "_latency_count", 2).getFirst().get("value").asDouble());
    }

    @Test
    void deltaTemporalityFromTheSdkIsStoredAsACumulativeCounter() {
        String prefix = uniquePrefix();
        try (SdkMeterProvider provider = provider(prefix,
                exporter -> exporter.setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred()))) {
            LongCounter requests = provider.get("io.fluxtap.test.api").counterBuilder(prefix + ".requests").build();
            DoubleHistogram sizes = provider.get("io.fluxtap.test.api").histogramBuilder(prefix + ".latency").build();
            requests.add(3);
            sizes.record(0.5);
            flush(provider);
            requests.add(4);
            sizes.record(50);
            flush(provider);
            requests.add(5);
            flush(provider);
            assertDeltasAddedUp(prefix);
        }
    }

    private void assertDeltasAddedUp(String prefix) {
        List<JsonNode> requests = samples(prefix + "_requests_total", 3);
        assertEquals(List.of(12.0, 7.0, 3.0), values(requests), "each delta added to the running total");
        requests.forEach(r -> assertEquals("counter", r.get("type").asText()));
        // The second delta histogram adds to the first: 2 observations, one <= 1, both <= 100.
        List<JsonNode> buckets = samples(prefix + "_latency_bucket", 8).subList(0, 4);
        Map<String, Double> byLe = new LinkedHashMap<>();
        buckets.forEach(b -> byLe.put(b.get("labels").get("le").asText(), b.get("value").asDouble()));
        assertEquals(Map.of("1", 1.0, "10", 1.0, "100", 2.0, "+Inf", 2.0), byLe);
        assertEquals(50.5, samples(prefix + "_latency_sum", 2).getFirst().get("value").asDouble());
    }

    @Test
    void theUpstreamMetricsExampleIsReadBackWithExactValues() throws IOException {
        byte[] example = Files.readAllBytes(EXAMPLES.resolve("metrics.json"));

        HttpResponse<String> response = TestHttp.post(URI.create(fluxtap.otlpHttpBase() + "/v1/metrics"),
                "application/json", example);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{}", response.body(), "full success");
        String ts = "2018-12-13T14:51:00.300000Z";
        JsonNode counter = samples("my_counter_total", 1).getFirst();
        assertEquals(5.0, counter.get("value").asDouble());
        assertEquals(ts, counter.get("ts").asText());
        assertEquals(Map.of("job", "my.service", "my_counter_attr", "some value"), labels(counter));
        assertEquals("counter", counter.get("type").asText());
        assertEquals("I am a Counter", counter.get("help").asText());
        assertEquals("my.library", counter.get("gear_id").asText());
        assertEquals(10.0, samples("my_gauge", 1).getFirst().get("value").asDouble());
        assertEquals(Map.of("1", 1.0, "+Inf", 2.0), bucketsByLe("my_histogram_bucket", 2));
        assertEquals(2.0, samples("my_histogram_sum", 1).getFirst().get("value").asDouble());
        assertEquals(2.0, samples("my_histogram_count", 1).getFirst().get("value").asDouble());
        // scale 0 (base 2): zero bucket 1, (2,4] 0, (4,8] 2
        assertEquals(Map.of("0", 1.0, "4", 1.0, "8", 3.0, "+Inf", 3.0),
                bucketsByLe("my_exponential_histogram_bucket", 4));
        assertEquals(10.0, samples("my_exponential_histogram_sum", 1).getFirst().get("value").asDouble());
        assertEquals(3.0, samples("my_exponential_histogram_count", 1).getFirst().get("value").asDouble());
        assertEquals(ts, samples("my_exponential_histogram_count", 1).getFirst().get("ts").asText());
    }

    @Test
    void badQueriesAre400() {
        HttpResponse<String> response = get(fluxtap.api("/api/v1/metrics/samples?from=" + q("not a time")));
        assertEquals(400, response.statusCode());
        assertTrue(json(response).get("error").asText().startsWith("from"), response.body());
    }

    /**
     * A meter provider exporting to Fluxtap only when {@link #flush} says so (the reader's own interval is an
     * hour), with explicit histogram buckets 1, 10, 100 so the expected bucket counts stay short.
     */
    private SdkMeterProvider provider(String prefix, UnaryOperator<OtlpHttpMetricExporterBuilder> exporterOptions) {
        OtlpHttpMetricExporter exporter = exporterOptions.apply(OtlpHttpMetricExporter.builder()
                .setEndpoint(fluxtap.otlpHttpBase() + "/v1/metrics")).build();
        Resource resource = Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "checkout",
                AttributeKey.stringKey("service.namespace"), "shop",
                AttributeKey.stringKey("service.instance.id"), "pod-7",
                AttributeKey.stringKey("host.id"), "host-42"));
        return SdkMeterProvider.builder()
                .setResource(resource)
                .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
                .registerView(InstrumentSelector.builder().setName(prefix + ".latency").build(),
                        View.builder().setAggregation(Aggregation.explicitBucketHistogram(List.of(1.0, 10.0, 100.0)))
                                .build())
                .build();
    }

    /**
     * Exports what the SDK has now. SDK 1.29 completes a flush just before it frees its exporter, and refuses
     * (without exporting) a flush that finds the exporter still busy, so a refused flush is tried again.
     */
    private static void flush(SdkMeterProvider provider) {
        Instant deadline = Instant.now().plus(WAIT);
        CompletableResultCode flushed = provider.forceFlush().join(15, TimeUnit.SECONDS);
        while (!flushed.isSuccess()) {
            assertTrue(Instant.now().isBefore(deadline), "the SDK could not export to Fluxtap");
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            flushed = provider.forceFlush().join(15, TimeUnit.SECONDS);
        }
    }

    /** The samples of one metric, newest first, once {@code count} of them are stored. */
    private List<JsonNode> samples(String name, int count) {
        JsonNode samples = await(WAIT,
                () -> json(get(fluxtap.api("/api/v1/metrics/samples?name=" + q(name)))).get("samples"),
                found -> found.size() >= count);
        assertEquals(count, samples.size(), "samples of " + name + ": " + samples);
        List<JsonNode> list = new ArrayList<>();
        samples.forEach(list::add);
        return list;
    }

    private Map<String, Double> bucketsByLe(String name, int count) {
        Map<String, Double> byLe = new LinkedHashMap<>();
        samples(name, count).forEach(b -> byLe.put(b.get("labels").get("le").asText(), b.get("value").asDouble()));
        return byLe;
    }

    private static List<Double> values(List<JsonNode> samples) {
        return samples.stream().map(s -> s.get("value").asDouble()).toList();
    }

    private static Map<String, String> labels(JsonNode sample) {
        Map<String, String> labels = new LinkedHashMap<>();
        sample.get("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    /** Metric names of their own per test, lowercase so OTel's instrument name rules hold. */
    private static String uniquePrefix() {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return "t" + HexFormat.of().formatHex(random);
    }
}
