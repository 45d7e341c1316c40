package io.fluxtap.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A business message (lane P0): the JSON a business system posted for a wire, with the fields the wire spec
 * promotes to columns.
 *
 * @param wireId     the wire it came in on, e.g. {@code payments} or {@code fluxSpec/visa-v1}
 * @param fluxId     its business id: unsigned 64-bit (held in a long), from the message or assigned on arrival
 * @param timestamp  when it was accepted (or the time field the wire spec names)
 * @param promoted   promoted column name to value (String, Long, Double, Boolean or Instant), in spec order
 * @param json       the message exactly as received (one JSON object)
 * @param traceId    32 lowercase hex characters when the request carried a W3C traceparent, else null
 * @param spanId     16 lowercase hex characters, likewise
 * @param machineId  the sender's machine id if the wire spec names a field for it, else null
 * @param entityName the sending service if known, else null
 * @param gearId     the sending component if known, else null
 */
public record BusinessMessage(
        String wireId,
        long fluxId,
        Instant timestamp,
        Map<String, Object> promoted,
        String json,
        String traceId,
        String spanId,
        String machineId,
        String entityName,
        String gearId) implements IngestRecord {

    public BusinessMessage {
        Objects.requireNonNull(wireId, "wireId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(json, "json");
        promoted = AttributeValues.freeze(promoted);
    }

    @Override
    public Signal signal() {
        return Signal.MESSAGES;
    }
}
