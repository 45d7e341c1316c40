package io.fluxtap.ingestion.policy.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.Signal;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.api.wire.PromotedType;
import io.fluxtap.api.wire.WireMask;
import io.fluxtap.api.wire.WireSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class MaskingStageTest {

    private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");
    private static final String KEY = ReplacementsTest.KEY;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Counts what the stage reports, by signal and rule. */
    static final class Counted extends MaskMetrics {
        final Map<String, Long> byKey = new ConcurrentHashMap<>();

        @Override
        void masked(Signal signal, MaskCounts counts) {
            counts.byRule().forEach((rule, n) -> byKey.merge(signal.label() + "/" + rule, n, Long::sum));
        }
    }

    private final Counted counted = new Counted();

    private static final WireSpec VISA = new WireSpec("fluxSpec/visa-v1", "", null, null, null, null, null, null,
            List.of(new WireSpec.Promotion("/card/bin", "bin", PromotedType.STRING, true),
                    new WireSpec.Promotion("/card/holder", "holder", PromotedType.STRING, false, WireMask.TOKEN),
                    new WireSpec.Promotion("/amount", "amount", PromotedType.DOUBLE, true)),
            Map.of("/card/cvv", WireMask.DROP, "/card/pan", WireMask.TOKEN));

    private MaskingStage stage(String pan, String attributes) {
        return new MaskingStage(MaskSettings.read(true, pan, Optional.of(KEY), Optional.empty(),
                Optional.ofNullable(attributes), null), List.of(VISA), counted);
    }

    private static LogRecord log(String body, Map<String, Object> attributes, Map<String, Object> resource) {
        return log(body, attributes, resource, Map.of("scope.card", "5555555555554444"));
    }

    private static LogRecord log(String body, Map<String, Object> attributes, Map<String, Object> resource,
                                 Map<String, Object> scope) {
        return new LogRecord(T, T, null, null, null, null, "checkout", null, Level.INFO, 9, body, attributes, resource,
                "INFO", "scope", "1.0", scope, 1L, 2L);
    }

    @Test
    void logBodiesAndEveryAttributeMapAreMasked() {
        MaskingStage stage = stage("truncate", "user.email=token,http.request.header.authorization=drop");
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("user.email", "alice@example.com");
        attributes.put("http.request.header.authorization", "Bearer abc");
        attributes.put("card", 4111111111111111L);
        attributes.put("list", List.of("ok", "4012 8888 8888 1881"));
        attributes.put("nested", Map.of("pan", "378282246310005"));
        attributes.put("count", 3L);
        List<LogRecord> out = stage.onLogs(List.of(log("paid with 4111-1111-1111-1111 today", attributes,
                Map.of("host.name", "web-1", "tenant.card", "6011111111111117"))));
        LogRecord masked = out.get(0);
        assertEquals("paid with 4111-11**-****-1111 today", masked.body());
        assertEquals(ReplacementsTest.hmacUnchecked("alice@example.com"), masked.attributes().get("user.email"));
        assertFalse(masked.attributes().containsKey("http.request.header.authorization"));
        assertEquals("411111******1111", masked.attributes().get("card"));
        assertEquals(List.of("ok", "4012 88** **** 1881"), masked.attributes().get("list"));
        assertEquals(Map.of("pan", "378282*****0005"), masked.attributes().get("nested"));
        assertEquals(3L, masked.attributes().get("count"));
        assertEquals(List.of("user.email", "card", "list", "nested", "count"), List.copyOf(masked.attributes().keySet()));
        assertEquals("601111******1117", masked.resource().get("tenant.card"));
        assertEquals("web-1", masked.resource().get("host.name"));
        assertEquals("555555******4444", masked.scopeAttributes().get("scope.card"));
        assertEquals(1L, masked.timeUnixNano());
        assertEquals("INFO", masked.severityText());
        assertEquals(6L, counted.byKey.get("logs/pan"));
        assertEquals(1L, counted.byKey.get("logs/attribute:user.email"));
        assertEquals(1L, counted.byKey.get("logs/attribute:http.request.header.authorization"));
    }

    @Test
    void wholeDoublesAndMapKeysAreScannedAndRulesApplyToDoubles() {
        MaskingStage stage = stage("truncate", "card.number=token");
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("card.double", 4111111111111111.0); // an OTLP doubleValue: exact up to 2^53
        attributes.put("card.number", 5555555555554444.0);
        attributes.put("half", 4111111111111111.5); // not a whole number, so no card number
        attributes.put("price", 12.5);
        attributes.put("card.6011111111111117", "seen");
        Map<String, Object> byCard = new LinkedHashMap<>();
        byCard.put("4012888888881881", "visa");
        byCard.put("count", 2L);
        attributes.put("by.card", byCard);
        attributes.put("list", List.of(Map.of("378282246310005", 1.0)));
        LogRecord masked = stage.onLogs(List.of(log("clean", attributes, Map.of("cards",
                Map.of("2223003122003222", true)), Map.of()))).get(0);
        assertEquals("411111******1111", masked.attributes().get("card.double"));
        assertEquals(ReplacementsTest.hmacUnchecked("5555555555554444"), masked.attributes().get("card.number"));
        assertEquals(4111111111111111.5, masked.attributes().get("half"));
        assertEquals(12.5, masked.attributes().get("price"));
        assertEquals("seen", masked.attributes().get("card.601111******1117"));
        assertEquals(Map.of("401288******1881", "visa", "count", 2L), masked.attributes().get("by.card"));
        assertEquals(List.of(Map.of("378282*****0005", 1.0)), masked.attributes().get("list"));
        assertEquals(List.of("card.double", "card.number", "half", "price", "card.601111******1117", "by.card",
                "list"), List.copyOf(masked.attributes().keySet()));
        assertEquals(Map.of("cards", Map.of("222300******3222", true)), masked.resource());
        assertEquals(5L, counted.byKey.get("logs/pan"));
        assertEquals(1L, counted.byKey.get("logs/attribute:card.number"));
    }

    @Test
    void spanDoublesAndKeysInEventsLinksResourceAndScope() {
        MaskingStage stage = stage("token", null);
        String token = ReplacementsTest.hmacUnchecked("4111111111111111");
        Map<String, Object> keyed = Map.of("4111111111111111", "k");
        SpanRecord span = new SpanRecord("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", null, null, 1,
                "charge", SpanRecord.SpanKind.SERVER, T, T.plusMillis(5), SpanRecord.StatusCode.OK, null, null, null,
                "checkout", null, "scope", null, Map.of("d", 4111111111111111.0), keyed,
                List.of(new SpanRecord.Event(T, "e", Map.of("d", 4111111111111111.0, "m", keyed), 0)),
                List.of(new SpanRecord.Link("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", null, 0,
                        keyed, 0)), 0, 0, 0, Map.of("s", 4111111111111111.0));
        SpanRecord masked = stage.onSpans(List.of(span)).get(0);
        assertEquals(Map.of("d", token), masked.attributes());
        assertEquals(Map.of(token, "k"), masked.resource());
        assertEquals(Map.of("d", token, "m", Map.of(token, "k")), masked.events().get(0).attributes());
        assertEquals(Map.of(token, "k"), masked.links().get(0).attributes());
        assertEquals(Map.of("s", token), masked.scopeAttributes());
        assertEquals(6L, counted.byKey.get("traces/pan"));
    }

    @Test
    void metricLabelNamesAreScannedToo() {
        MaskingStage stage = stage("truncate", null);
        MetricSample masked = stage.onMetrics(List.of(sample(Map.of("5555555555554444", "x", "route", "/pay"))))
                .get(0);
        assertEquals(Map.of("555555******4444", "x", "route", "/pay"), masked.labels());
        assertEquals(1L, counted.byKey.get("metrics/pan"));
    }

    @Test
    void messageDecimalsAndObjectKeysAreScanned() throws Exception {
        MaskingStage stage = stage("truncate", null);
        String json = "{\"a\":4111111111111111.0,\"b\":4.111111111111111E15,\"c\":4111111111111111.5,"
                + "\"byCard\":{\"5555555555554444\":{\"n\":1}},\"amount\":12.50}";
        Map<String, Object> promoted = new LinkedHashMap<>();
        promoted.put("a", 4111111111111111.0);
        promoted.put("amount", 12.5);
        BusinessMessage message = new BusinessMessage("orders", 1L, T, promoted, json, null, null, null, null, null);
        BusinessMessage masked = stage.onMessages(List.of(message)).get(0);
        JsonNode tree = JSON.readTree(masked.json());
        assertEquals("411111******1111", tree.at("/a").asText());
        assertEquals("411111******1111", tree.at("/b").asText());
        assertTrue(tree.at("/c").isNumber(), masked.json());
        assertEquals(1, tree.at("/byCard/555555******4444/n").asInt(), masked.json());
        assertFalse(tree.at("/byCard").has("5555555555554444"), masked.json());
        assertTrue(masked.json().contains("\"amount\":12.50"), masked.json());
        assertNull(masked.promoted().get("a"), "a typed column cannot hold the masked text");
        assertEquals(12.5, masked.promoted().get("amount"));
        assertEquals(3L, counted.byKey.get("messages/pan"));
    }

    @Test
    void freeTextColumnsOutsideTheAttributesAreScannedToo() {
        MaskingStage stage = stage("truncate", null);
        String pan = "4111111111111111";
        String cut = "411111******1111";
        LogRecord log = new LogRecord(T, T, null, null, null, "host " + pan, "svc " + pan, "gear " + pan, Level.INFO,
                9, "clean", Map.of(), Map.of(), "INFO " + pan, "scope " + pan, "v" + " " + pan, Map.of(), 1L, 2L);
        LogRecord maskedLog = stage.onLogs(List.of(log)).get(0);
        assertEquals(List.of("host " + cut, "svc " + cut, "gear " + cut, "INFO " + cut, "scope " + cut, "v " + cut),
                List.of(maskedLog.machineId(), maskedLog.entityName(), maskedLog.gearId(), maskedLog.severityText(),
                        maskedLog.scopeName(), maskedLog.scopeVersion()));
        SpanRecord span = new SpanRecord("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", null,
                "vendor=" + pan, 1, "charge", SpanRecord.SpanKind.SERVER, T, T.plusMillis(5),
                SpanRecord.StatusCode.OK, null, null, "host " + pan, "svc " + pan, "gear " + pan, "scope " + pan,
                "v " + pan, Map.of(), Map.of(), List.of(), List.of(new SpanRecord.Link(
                        "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "vendor=" + pan, 0, Map.of(), 0)),
                0, 0, 0, Map.of());
        SpanRecord maskedSpan = stage.onSpans(List.of(span)).get(0);
        assertEquals(List.of("vendor=" + cut, "host " + cut, "svc " + cut, "gear " + cut, "scope " + cut,
                "v " + cut, "vendor=" + cut), List.of(maskedSpan.traceState(), maskedSpan.machineId(),
                maskedSpan.entityName(), maskedSpan.gearId(), maskedSpan.scopeName(), maskedSpan.scopeVersion(),
                maskedSpan.links().get(0).traceState()));
        MetricSample sample = new MetricSample(T, "payments_total", Map.of(), 1.0, MetricSample.MetricType.COUNTER,
                "u " + pan, "card " + pan, null, "host " + pan, "svc " + pan, "gear " + pan, List.of());
        MetricSample maskedSample = stage.onMetrics(List.of(sample)).get(0);
        assertEquals(List.of("u " + cut, "card " + cut, "host " + cut, "svc " + cut, "gear " + cut),
                List.of(maskedSample.unit(), maskedSample.help(), maskedSample.machineId(),
                        maskedSample.entityName(), maskedSample.gearId()));
        BusinessMessage message = new BusinessMessage("orders", 1L, T, Map.of(), "{\"n\":1}", null, null,
                "host " + pan, "svc " + pan, "gear " + pan);
        BusinessMessage maskedMessage = stage.onMessages(List.of(message)).get(0);
        assertEquals(List.of("host " + cut, "svc " + cut, "gear " + cut), List.of(maskedMessage.machineId(),
                maskedMessage.entityName(), maskedMessage.gearId()));
        assertEquals("{\"n\":1}", maskedMessage.json());
        assertEquals(6L, counted.byKey.get("logs/pan"));
        assertEquals(7L, counted.byKey.get("traces/pan"));
        assertEquals(5L, counted.byKey.get("metrics/pan"));
        assertEquals(3L, counted.byKey.get("messages/pan"));
    }

    @Test
    void cleanRecordsAndListsAreHandedOnAsTheyCame() {
        MaskingStage stage = stage("truncate", "user.email=token");
        List<LogRecord> logs = List.of(log("GET /items/42 200 17ms at 1733149351123", Map.of("n", 42L), Map.of(),
                Map.of("scope.version", "1.2.3")));
        assertSame(logs, stage.onLogs(logs));
        LogRecord clean = log("clean", Map.of(), Map.of(), Map.of());
        LogRecord dirty = log("pan 4111111111111111", Map.of(), Map.of());
        List<LogRecord> out = stage.onLogs(List.of(clean, dirty));
        assertSame(clean, out.get(0));
        List<SpanRecord> spans = List.of(span("GET /items", Map.of("http.status_code", 200L)));
        assertSame(spans, stage.onSpans(spans));
        List<MetricSample> samples = List.of(sample(Map.of("route", "/items")));
        assertSame(samples, stage.onMetrics(samples));
        assertTrue(counted.byKey.keySet().stream().noneMatch(k -> k.startsWith("traces") || k.startsWith("metrics")));
    }

    private static SpanRecord span(String name, Map<String, Object> attributes) {
        return new SpanRecord("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", null, null, 1, name,
                SpanRecord.SpanKind.SERVER, T, T.plusMillis(5), SpanRecord.StatusCode.OK, null, null, null, "checkout",
                null, "scope", null, attributes, Map.of("service.name", "checkout"), List.of(), List.of(), 0, 0, 0);
    }

    private static MetricSample sample(Map<String, String> labels) {
        return new MetricSample(T, "payments_total", labels, 1.0, MetricSample.MetricType.COUNTER, null, null, null,
                null, "checkout", null, List.of());
    }

    @Test
    void spansAreMaskedInNameStatusAttributesEventsAndLinks() {
        MaskingStage stage = stage("token", null);
        String token = ReplacementsTest.hmacUnchecked("4111111111111111");
        SpanRecord span = new SpanRecord("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", null, null, 1,
                "charge 4111111111111111", SpanRecord.SpanKind.SERVER, T, T.plusMillis(5),
                SpanRecord.StatusCode.ERROR, "declined: 4111 1111 1111 1111", null, null, "checkout", null, "scope",
                null, Map.of("card.number", "4111111111111111"), Map.of("r", "4111111111111111"),
                List.of(new SpanRecord.Event(T, "retry 4111111111111111", Map.of("pan", "4111111111111111"), 0)),
                List.of(new SpanRecord.Link("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", null, 0,
                        Map.of("pan", "4111111111111111"), 0)), 0, 0, 0, Map.of("s", "4111111111111111"));
        SpanRecord masked = stage.onSpans(List.of(span)).get(0);
        assertEquals("charge " + token, masked.name());
        assertEquals("declined: " + token, masked.statusMessage());
        assertEquals(token, masked.attributes().get("card.number"));
        assertEquals(token, masked.resource().get("r"));
        assertEquals(token, masked.scopeAttributes().get("s"));
        assertEquals("retry " + token, masked.events().get(0).name());
        assertEquals(token, masked.events().get(0).attributes().get("pan"));
        assertEquals(token, masked.links().get(0).attributes().get("pan"));
        assertEquals(span.traceId(), masked.traceId());
        assertEquals(8L, counted.byKey.get("traces/pan"));
    }

    @Test
    void metricLabelValuesAndRulesByLabelName() {
        MaskingStage stage = stage("truncate", "user.email=drop");
        MetricSample masked = stage.onMetrics(List.of(sample(Map.of("card", "5555555555554444",
                "user_email", "a@b.c", "route", "/pay")))).get(0);
        assertEquals(Map.of("card", "555555******4444", "route", "/pay"), masked.labels());
        assertEquals(1L, counted.byKey.get("metrics/pan"));
        assertEquals(1L, counted.byKey.get("metrics/attribute:user.email"));
    }

    @Test
    void messagesGetTheirWireMasksAndTheScan() throws Exception {
        MaskingStage stage = stage("truncate", null);
        String json = "{\"card\":{\"bin\":\"411111\",\"pan\":\"4111111111111111\",\"cvv\":\"123\","
                + "\"holder\":\"Alice\"},\"amount\":12.50,\"note\":\"also 5555 5555 5555 4444\",\"ref\":6011111111111117}";
        Map<String, Object> promoted = new LinkedHashMap<>();
        promoted.put("bin", "411111");
        promoted.put("holder", "Alice");
        promoted.put("amount", 12.5);
        BusinessMessage message = new BusinessMessage("fluxSpec/visa-v1", 7L, T, promoted, json, null, null, null,
                null, null);
        BusinessMessage masked = stage.onMessages(List.of(message)).get(0);
        JsonNode tree = JSON.readTree(masked.json());
        assertEquals(ReplacementsTest.hmacUnchecked("4111111111111111"), tree.at("/card/pan").asText());
        assertTrue(tree.at("/card/cvv").isNull());
        assertEquals("411111", tree.at("/card/bin").asText());
        assertEquals(ReplacementsTest.hmacUnchecked("Alice"), tree.at("/card/holder").asText());
        assertEquals("also 5555 55** **** 4444", tree.at("/note").asText());
        assertEquals("601111******1117", tree.at("/ref").asText());
        assertTrue(masked.json().contains("\"amount\":12.50"), masked.json());
        assertEquals(ReplacementsTest.hmacUnchecked("Alice"), masked.promoted().get("holder"));
        assertEquals("411111", masked.promoted().get("bin"));
        assertEquals(7L, masked.fluxId());
        assertEquals(1L, counted.byKey.get("messages/wire:fluxSpec/visa-v1/card/pan"));
        assertEquals(1L, counted.byKey.get("messages/wire:fluxSpec/visa-v1/card/cvv"));
        assertEquals(2L, counted.byKey.get("messages/pan"));
    }

    @Test
    void aMessageWithoutCardNumbersOnAWireWithoutMasksIsUntouched() {
        MaskingStage stage = stage("truncate", null);
        BusinessMessage message = new BusinessMessage("orders", 1L, T, Map.of("n", 1L), "{\"n\":1, \"x\": \"y\"}",
                null, null, null, null, null);
        List<BusinessMessage> list = List.of(message);
        assertSame(list, stage.onMessages(list));
    }

    @Test
    void offLeavesTelemetryAloneButKeepsTheWiresMasks() throws Exception {
        MaskingStage stage = new MaskingStage(MaskSettings.read(false, "truncate", Optional.of(KEY), Optional.empty(),
                Optional.empty(), null), List.of(VISA), counted);
        List<LogRecord> logs = List.of(log("pan 4111111111111111", Map.of(), Map.of()));
        assertSame(logs, stage.onLogs(logs));
        BusinessMessage message = new BusinessMessage("fluxSpec/visa-v1", 7L, T, Map.of("bin", "411111"),
                "{\"card\":{\"bin\":\"411111\",\"pan\":\"4111111111111111\"}}", null, null, null, null, null);
        JsonNode tree = JSON.readTree(stage.onMessages(List.of(message)).get(0).json());
        assertEquals(ReplacementsTest.hmacUnchecked("4111111111111111"), tree.at("/card/pan").asText());
    }

    @Test
    void aWireThatTokenizesNeedsTheKeyAtStartUp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MaskingStage(
                MaskSettings.defaults(), List.of(VISA), counted));
        assertTrue(e.getMessage().contains("wire fluxSpec/visa-v1 masks with token"), e.getMessage());
        assertTrue(e.getMessage().contains("fluxtap.mask.token-key"), e.getMessage());
    }
}
