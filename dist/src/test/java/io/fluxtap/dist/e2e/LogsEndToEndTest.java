package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.await;
import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static io.fluxtap.dist.e2e.TestHttp.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.dist.arquillian.FluxtapEndToEnd;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Logs sent by the official OpenTelemetry Java SDK (and by plain OTLP/JSON) read back through the API. */
class LogsEndToEndTest extends FluxtapEndToEnd {

    @Test
    void logsFromTheOtelSdkAreStoredAndReadBackExactly() {
        String service = "checkout-" + UUID.randomUUID();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String spanId = "00f067aa0ba902b7";
        Instant eventTime = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(5);

        OtlpHttpLogRecordExporter exporter = OtlpHttpLogRecordExporter.builder()
                .setEndpoint(fluxtap.otlpHttpBase() + "/v1/logs").build();
        Resource resource = Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), service,
                AttributeKey.stringKey("host.id"), "host-7"));
        try (SdkLoggerProvider provider = SdkLoggerProvider.builder().setResource(resource)
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build()) {
            Logger logger = provider.get("io.fluxtap.test.checkout");
            Context inSpan = Context.root().with(Span.wrap(
                    SpanContext.create(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault())));
            logger.logRecordBuilder()
                    .setTimestamp(eventTime)
                    .setSeverity(Severity.ERROR)
                    .setSeverityText("ERROR")
                    .setBody("payment declined: card expired — ünïcødé ✓")
                    .setAttribute(AttributeKey.longKey("http.status_code"), 502L)
                    .setAttribute(AttributeKey.stringKey("gear.id"), "payments")
                    .setAttribute(AttributeKey.booleanKey("retry"), true)
                    .setAttribute(AttributeKey.doubleKey("amount"), 12.5)
                    .setAttribute(AttributeKey.stringArrayKey("tags"), List.of("a", "b"))
                    .setAttribute(AttributeKey.longKey("flux.id"), 1234567890123L)
                    .setContext(inSpan)
                    .emit();
            logger.logRecordBuilder()
                    .setTimestamp(eventTime.plusSeconds(1))
                    .setSeverity(Severity.DEBUG)
                    .setBody("cart loaded")
                    .emit();
            CompletableResultCode flushed = provider.forceFlush().join(15, TimeUnit.SECONDS);
            assertTrue(flushed.isSuccess(), "the SDK's export to Fluxtap failed");
        }

        JsonNode logs = await(Duration.ofSeconds(20),
                () -> json(get(fluxtap.api("/api/v1/logs?entity_name=" + q(service)))).get("logs"),
                found -> found.size() == 2);

        JsonNode debug = logs.get(0);
        assertEquals("cart loaded", debug.get("body").asText(), "newest first");
        assertEquals("debug", debug.get("level").asText());

        JsonNode error = logs.get(1);
        assertEquals("payment declined: card expired — ünïcødé ✓", error.get("body").asText());
        assertEquals("error", error.get("level").asText());
        assertEquals(17, error.get("severity_number").asInt());
        assertEquals(traceId, error.get("trace_id").asText());
        assertEquals(spanId, error.get("span_id").asText());
        assertEquals(service, error.get("entity_name").asText());
        assertEquals("host-7", error.get("machine_id").asText());
        assertEquals("payments", error.get("gear_id").asText());
        assertEquals("1234567890123", error.get("flux_id").asText());
        assertEquals(eventTime, Instant.parse(error.get("ts").asText()));
        JsonNode attributes = error.get("attributes");
        assertEquals(502, attributes.get("http.status_code").asLong());
        assertTrue(attributes.get("http.status_code").isIntegralNumber());
        assertTrue(attributes.get("retry").asBoolean());
        assertEquals(12.5, attributes.get("amount").asDouble());
        assertEquals("a", attributes.get("tags").get(0).asText());
        assertEquals("b", attributes.get("tags").get(1).asText());
        assertEquals(service, error.get("resource").get("service.name").asText());
    }

    @Test
    void gzippedOtlpJsonWithHexIdsIsAccepted() {
        String service = "json-" + UUID.randomUUID();
        String body = """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}}]},
                  "scopeLogs":[{"scope":{"name":"billing"},"logRecords":[
                    {"severityNumber":"SEVERITY_NUMBER_WARN","severityText":"WARN",
                     "traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174",
                     "body":{"stringValue":"disk almost full"},
                     "attributes":[{"key":"bytes_free","value":{"intValue":"1048576"}}]}]}]}]}
                """.formatted(service);
        HttpResponse<String> response = TestHttp.post(java.net.URI.create(fluxtap.otlpHttpBase() + "/v1/logs"),
                "application/json", TestHttp.gzip(body.getBytes(StandardCharsets.UTF_8)), "Content-Encoding", "gzip");
        assertEquals(200, response.statusCode(), response.body());

        JsonNode log = await(Duration.ofSeconds(20),
                () -> json(get(fluxtap.api("/api/v1/logs?entity_name=" + q(service)))).get("logs"),
                found -> found.size() == 1).get(0);
        assertEquals("disk almost full", log.get("body").asText());
        assertEquals("warn", log.get("level").asText());
        assertEquals("5b8efff798038103d269b633813fc60c", log.get("trace_id").asText());
        assertEquals("eee19b7ec3c1b174", log.get("span_id").asText());
        assertEquals("billing", log.get("gear_id").asText());
        assertEquals(1048576, log.get("attributes").get("bytes_free").asLong());
    }

    @Test
    void apiFiltersByLevelTextAndTime() {
        String service = "filters-" + UUID.randomUUID();
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        StringBuilder records = new StringBuilder();
        String[][] rows = {{"9", "user logged in"}, {"17", "Timeout calling ledger"}, {"13", "slow TIMEOUT budget"}};
        for (int i = 0; i < rows.length; i++) {
            long nanos = base.plusSeconds(i * 10L).getEpochSecond() * 1_000_000_000L;
            records.append(i == 0 ? "" : ",").append("""
                    {"timeUnixNano":"%d","severityNumber":%s,"body":{"stringValue":"%s"}}""".formatted(nanos, rows[i][0], rows[i][1]));
        }
        String body = """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}}]},
                  "scopeLogs":[{"logRecords":[%s]}]}]}""".formatted(service, records);
        assertEquals(200, TestHttp.post(java.net.URI.create(fluxtap.otlpHttpBase() + "/v1/logs"), "application/json",
                body.getBytes(StandardCharsets.UTF_8)).statusCode());
        String svc = "entity_name=" + q(service);
        await(Duration.ofSeconds(20), () -> json(get(fluxtap.api("/api/v1/logs?" + svc))).get("count").asInt(),
                count -> count == 3);

        assertEquals(List.of("slow TIMEOUT budget", "Timeout calling ledger"),
                bodies(get(fluxtap.api("/api/v1/logs?" + svc + "&contains=timeout"))));
        assertEquals(List.of("slow TIMEOUT budget", "Timeout calling ledger"),
                bodies(get(fluxtap.api("/api/v1/logs?" + svc + "&level=warn,ERROR"))));
        assertEquals(List.of("Timeout calling ledger"),
                bodies(get(fluxtap.api("/api/v1/logs?" + svc + "&from=" + q(base.plusSeconds(5).toString())
                        + "&to=" + q(base.plusSeconds(15).toString())))));
        assertEquals(List.of("slow TIMEOUT budget"), bodies(get(fluxtap.api("/api/v1/logs?" + svc + "&limit=1"))));
    }

    @Test
    void theUpstreamLogsExampleIsStoredAndReadBackExactly() throws java.io.IOException {
        JsonNode log = sendConformanceExample("logs.json", "Example log record");
        assertEquals("Example log record", log.get("body").asText());
        assertEquals(Instant.parse("2018-12-13T14:51:00.300Z"), Instant.parse(log.get("ts").asText()));
        assertEquals(Instant.parse("2018-12-13T14:51:00.300Z"), Instant.parse(log.get("observed_ts").asText()));
        assertEquals(10, log.get("severity_number").asInt());
        assertEquals("info", log.get("level").asText());
        assertEquals("5b8efff798038103d269b633813fc60c", log.get("trace_id").asText());
        assertEquals("eee19b7ec3c1b174", log.get("span_id").asText());
        assertEquals("my.library", log.get("gear_id").asText());
        JsonNode attributes = log.get("attributes");
        assertEquals("some string", attributes.get("string.attribute").asText());
        assertTrue(attributes.get("boolean.attribute").asBoolean());
        assertEquals(10, attributes.get("int.attribute").asLong());
        assertTrue(attributes.get("int.attribute").isIntegralNumber());
        assertEquals(637.704, attributes.get("double.attribute").asDouble());
        assertEquals("many", attributes.get("array.attribute").get(0).asText());
        assertEquals("values", attributes.get("array.attribute").get(1).asText());
        assertEquals("some value", attributes.get("map.attribute").get("some.map.key").asText());
    }

    @Test
    void theUpstreamEventsExampleIsStoredAndReadBackExactly() throws java.io.IOException {
        JsonNode log = sendConformanceExample("events.json", "guidgenerator");
        assertEquals(Instant.parse("2018-12-13T14:51:00.300Z"), Instant.parse(log.get("ts").asText()));
        assertEquals(9, log.get("severity_number").asInt());
        assertEquals("info", log.get("level").asText());
        assertEquals("browser.page_view", log.get("attributes").get("event.name").asText(), "the event name is kept");
        assertEquals("some event attribute", log.get("attributes").get("event.attribute").asText());
        JsonNode body = TestHttp.JSON.readTree(log.get("body").asText());
        assertEquals(0, body.get("type").asLong());
        assertEquals("https://www.guidgenerator.com/online-guid-generator.aspx", body.get("url").asText());
        assertEquals("https://wwww.google.com", body.get("referrer").asText());
        assertEquals("Free Online GUID Generator", body.get("title").asText());
    }

    @Test
    void hugeAttributesAreTruncatedToTheConfiguredLimitsNotRefused() {
        String service = "huge-" + UUID.randomUUID();
        StringBuilder attributes = new StringBuilder("{\"key\":\"huge\",\"value\":{\"stringValue\":\"" + "x".repeat(20_000) + "\"}}");
        for (int i = 0; i < 199; i++) {
            attributes.append(",{\"key\":\"a").append(i).append("\",\"value\":{\"intValue\":\"").append(i).append("\"}}");
        }
        String body = """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}}]},
                  "scopeLogs":[{"logRecords":[{"severityNumber":9,"body":{"stringValue":"big"},"attributes":[%s]}]}]}]}
                """.formatted(service, attributes);
        HttpResponse<String> response = TestHttp.post(java.net.URI.create(fluxtap.otlpHttpBase() + "/v1/logs"),
                "application/json", body.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response.body());

        JsonNode stored = await(Duration.ofSeconds(20),
                () -> json(get(fluxtap.api("/api/v1/logs?entity_name=" + q(service)))).get("logs"),
                found -> found.size() == 1).get(0).get("attributes");
        assertEquals(128, stored.size(), "the default fluxtap.ingest.max-attributes");
        assertEquals(8192, stored.get("huge").asText().length(), "the default fluxtap.ingest.max-attribute-value-length");
        assertEquals(126, stored.get("a126").asLong(), "the first attributes in the sender's order are kept");
    }

    /** Posts an upstream OTLP/JSON example as it is and returns its one stored record (found by body text). */
    private JsonNode sendConformanceExample(String file, String bodyContains) throws java.io.IOException {
        java.nio.file.Path example = java.nio.file.Path.of("../../shared/conformance/otlp/examples", file);
        assertTrue(java.nio.file.Files.isRegularFile(example), "conformance example at " + example.toAbsolutePath());
        HttpResponse<String> response = TestHttp.post(java.net.URI.create(fluxtap.otlpHttpBase() + "/v1/logs"),
                "application/json", java.nio.file.Files.readAllBytes(example));
        assertEquals(200, response.statusCode(), response.body());
        return await(Duration.ofSeconds(20),
                () -> json(get(fluxtap.api("/api/v1/logs?entity_name=my.service&from=2018-12-13T00:00:00Z&contains="
                        + q(bodyContains)))).get("logs"),
                found -> found.size() == 1).get(0);
    }

    private static List<String> bodies(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return java.util.stream.StreamSupport.stream(json(response).get("logs").spliterator(), false)
                .map(n -> n.get("body").asText()).toList();
    }
}
