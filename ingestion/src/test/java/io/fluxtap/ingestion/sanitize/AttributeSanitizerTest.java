package io.fluxtap.ingestion.sanitize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.SpanRecord;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.helidon.microprofile.metrics.RegistryFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.Test;

class AttributeSanitizerTest {

    private final MetricRegistry registry = RegistryFactory.getInstance().getRegistry(MetricRegistry.APPLICATION_SCOPE);
    private final AttributeSanitizer sanitizer = new AttributeSanitizer(new AttributeLimits(3, 5), new IngestMetrics(registry));

    private static LogRecord log(Map<String, Object> attributes) {
        return new LogRecord(Instant.EPOCH, Instant.EPOCH, null, null, null, null, "svc", null, Level.INFO, 9, "body",
                attributes, Map.of("service.name", "a resource value longer than the limit"));
    }

    private double truncated(String signal, String kind) {
        return registry.counter(IngestMetrics.TRUNCATED, new Tag("signal", signal), new Tag("kind", kind)).getCount();
    }

    @Test
    void recordsWithinTheLimitsPassThroughUntouched() {
        List<LogRecord> records = List.of(log(Map.of("a", "short", "b", 1L)));
        assertSame(records, sanitizer.apply(records));
    }

    @Test
    void extraAttributesAreDroppedInOrderAndLongValuesCutAndBothCounted() {
        double countBefore = truncated("logs", "attribute_count");
        double lengthBefore = truncated("logs", "value_length");
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("first", "0123456789");
        attributes.put("second", List.of("abcdefgh", "ok"));
        attributes.put("third", Map.of("nested", "zzzzzzzz"));
        attributes.put("fourth", "dropped");
        attributes.put("fifth", "dropped too");

        LogRecord out = sanitizer.apply(List.of(log(attributes))).getFirst();

        assertEquals(List.of("first", "second", "third"), List.copyOf(out.attributes().keySet()));
        assertEquals("01234", out.attributes().get("first"));
        assertEquals(List.of("abcde", "ok"), out.attributes().get("second"));
        assertEquals(Map.of("nested", "zzzzz"), out.attributes().get("third"));
        assertEquals("a resource value longer than the limit", out.resource().get("service.name"),
                "resource attributes describe the sender and are not cut");
        assertEquals(countBefore + 2, truncated("logs", "attribute_count"));
        assertEquals(lengthBefore + 3, truncated("logs", "value_length"));
    }

    @Test
    void aSurrogatePairIsNeverSplit() {
        LogRecord out = sanitizer.apply(List.of(log(Map.of("emoji", "abcd😀xyz")))).getFirst();
        assertEquals("abcd", out.attributes().get("emoji"));
    }

    @Test
    void spansCountWhatTheyLostInTheirDroppedAttributes() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            attributes.put("k" + i, "v");
        }
        SpanRecord span = new SpanRecord("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", null, null, 0, "op",
                SpanRecord.SpanKind.SERVER, Instant.EPOCH, Instant.EPOCH.plusMillis(1), SpanRecord.StatusCode.OK, null,
                null, null, "svc", null, null, null, attributes, Map.of(),
                List.of(new SpanRecord.Event(Instant.EPOCH, "e", attributes, 1)),
                List.of(new SpanRecord.Link("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b8", null, 0,
                        Map.of("long", "longer than five"), 0)),
                7, 0, 0);

        SpanRecord out = sanitizer.apply(List.of(span)).getFirst();

        assertEquals(3, out.attributes().size());
        assertEquals(9, out.droppedAttributesCount(), "7 dropped by the sender plus 2 here");
        assertEquals(3, out.events().getFirst().attributes().size());
        assertEquals(3, out.events().getFirst().droppedAttributesCount());
        assertEquals("longe", out.links().getFirst().attributes().get("long"));
    }

    @Test
    void metricLabelValuesAreCut() {
        MetricSample sample = new MetricSample(Instant.EPOCH, "m", Map.of("path", "/a/very/long/path"), 1.0,
                MetricSample.MetricType.GAUGE, null, null, null, null, null, null, List.of());
        assertEquals("/a/ve", sanitizer.apply(List.of(sample)).getFirst().labels().get("path"));
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new AttributeLimits(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new AttributeLimits(10, 0));
    }
}
