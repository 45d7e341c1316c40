package io.fluxtap.ingestion.otlp.translate;

import com.google.protobuf.ByteString;
import io.fluxtap.api.UnixNanos;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** What every OTLP signal's decoder reads the same way: ids, times and the correlation columns of DESIGN.md. */
final class OtlpFields {

    static final int TRACE_ID_BYTES = 16;
    static final int SPAN_ID_BYTES = 8;
    static final List<String> FLUX_ID_KEYS = List.of("flux.id", "flux_id");
    static final List<String> MACHINE_ID_KEYS = List.of("host.id", "service.instance.id", "machine.id");
    static final String SERVICE_NAME = "service.name";
    static final String GEAR_ID = "gear.id";
    private static final HexFormat HEX = HexFormat.of();

    private OtlpFields() {
    }

    /**
     * Lowercase hex of an id; "" for an empty or all-zero id (what OTLP and exporters send for "none"); null
     * when it has the wrong length.
     */
    static String id(ByteString bytes, int length) {
        if (bytes.isEmpty()) {
            return "";
        }
        if (bytes.size() != length) {
            return null;
        }
        for (int i = 0; i < length; i++) {
            if (bytes.byteAt(i) != 0) {
                return HEX.formatHex(bytes.toByteArray());
            }
        }
        return "";
    }

    /** fixed64 nanoseconds read as unsigned, so no sender value turns into a date before 1970. */
    static Instant unsignedNanos(long unixNanos) {
        return UnixNanos.toInstant(unixNanos);
    }

    /**
     * The business id, promoted to its column and removed from the attributes. A value that is not an
     * unsigned 64-bit number stays in the attributes so nothing the sender wrote is lost.
     */
    static Long takeFluxId(Map<String, Object> attributes) {
        for (String key : FLUX_ID_KEYS) {
            Long id = switch (attributes.get(key)) {
                case Long number -> number;
                case String text -> parseUnsigned(text.strip());
                case null, default -> null;
            };
            if (id != null) {
                attributes.remove(key);
                return id;
            }
        }
        return null;
    }

    static Long parseUnsigned(String text) {
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String firstText(Map<String, Object> attributes, List<String> keys) {
        for (String key : keys) {
            String text = AnyValues.text(attributes.get(key));
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    static String emptyToNull(String text) {
        return text.isEmpty() ? null : text;
    }
}
