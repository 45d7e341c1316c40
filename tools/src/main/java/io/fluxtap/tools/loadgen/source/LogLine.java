package io.fluxtap.tools.loadgen.source;

import io.fluxtap.api.Level;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One log record to send, before encoding; its timestamp is set when it is sent.
 *
 * @param service      resource service.name
 * @param gearId       the component (attribute gear.id); null when the source has none
 * @param level        the severity the record's number is taken from
 * @param severityText the severity as the source wrote it (e.g. "W", "combo")
 * @param traceId      32 lowercase hex digits, or null
 * @param spanId       16 lowercase hex digits, or null
 */
public record LogLine(String service, String gearId, Level level, String severityText, String body,
                      Map<String, String> attributes, String traceId, String spanId) {

    public LogLine {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(body, "body");
        // Insertion order is kept so that the same input always encodes to the same bytes.
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }
}
