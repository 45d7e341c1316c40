package io.fluxtap.api.wire;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One wire: which JSON fields of its messages become columns, and where the business fields Fluxtap stores beside
 * them (flux id, event time, sender) are found. {@link WireSpecReader} reads it from a file (the format is in the
 * package documentation). Every instance is valid: the constructors refuse what the messages API, the store's
 * views or the warehouse could not take, so the reader's checks and a hand-built spec are the same checks.
 *
 * @param wireId      e.g. {@code payments} or {@code fluxSpec/visa-v1}; see {@link #isWireId(String)}
 * @param description free text for people, may be empty
 * @param source      the file it was read from, for messages about it (null for a spec built in code)
 * @param fluxId      JSON pointer of the field carrying a message's flux id, or null: every message gets a generated one
 * @param timestamp   JSON pointer of the RFC 3339 field used as the message's time, or null: the time of arrival
 * @param machineId   JSON pointer of the string field naming the sending machine, or null
 * @param entityName  JSON pointer of the string field naming the sending service, or null
 * @param gearId      JSON pointer of the string field naming the sending component, or null
 * @param promoted    the promoted fields, in the order their columns appear
 * @param masked      JSON pointers of further fields to mask (not promoted ones: a promotion carries its own
 *                    {@link Promotion#mask()}), in spec order; empty when the spec masks nothing by pointer
 * @throws IllegalArgumentException naming the key and the problem, as {@code flux_id 'x' is not a JSON pointer ...}
 */
public record WireSpec(String wireId, String description, Path source, String fluxId, String timestamp,
                       String machineId, String entityName, String gearId, List<Promotion> promoted,
                       Map<String, WireMask> masked) {

    /** The longest name between slashes: two of them, '/' and the rest still make a file name under 255 bytes. */
    public static final int MAX_WIRE_NAME = 100;

    /**
     * The one shape of a wire id, which also names the wire's warehouse directory {@code messages/<wire_id>}: one
     * name, or a namespace and a name separated by one '/'; a name is 1 to {@value #MAX_WIRE_NAME} letters, digits,
     * '_', '.' and '-', and not only dots ('.', '..' and '...' would climb out of, or hide in, the directory).
     */
    public static final Pattern WIRE_ID = Pattern.compile(
            "(?!\\.+(?:/|$))[A-Za-z0-9_.-]{1," + MAX_WIRE_NAME + "}(?:/(?!\\.+$)[A-Za-z0-9_.-]{1," + MAX_WIRE_NAME + "})?");

    /** A promoted column's name: a lowercase SQL identifier DuckDB takes unquoted (at most 63 characters). */
    public static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /**
     * The columns of {@code active_messages} itself, which every message has: a promoted column of the same name
     * would shadow it in the wire's view and clash with it in the wire's Parquet files.
     */
    public static final Set<String> RESERVED_COLUMNS = Set.of("ts", "trace_id", "span_id", "flux_id", "machine_id",
            "entity_name", "gear_id", "level", "wire_id", "promoted", "json");

    /** RFC 6901: '/' then reference tokens, '~' escaped as '~0' and '/' as '~1'. */
    private static final Pattern POINTER = Pattern.compile("(/([^~/]|~[01])*)+");

    public WireSpec {
        Objects.requireNonNull(wireId, "wireId");
        if (!isWireId(wireId)) {
            throw new IllegalArgumentException("wire '" + wireId + "' is not a wire id: letters, digits, '_', '.' and "
                    + "'-', with at most one '/' between two names of at most " + MAX_WIRE_NAME + " characters each; "
                    + "a name may not be only dots ('.', '..')");
        }
        description = description == null ? "" : description;
        checkPointer("flux_id", fluxId);
        checkPointer("timestamp", timestamp);
        checkPointer("machine_id", machineId);
        checkPointer("entity_name", entityName);
        checkPointer("gear_id", gearId);
        promoted = List.copyOf(promoted);
        Set<String> columns = new HashSet<>();
        for (int i = 0; i < promoted.size(); i++) {
            String column = promoted.get(i).column();
            if (!columns.add(column)) {
                throw new IllegalArgumentException("promote[" + i + "].column '" + column + "' is promoted twice");
            }
        }
        masked = masked == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(masked));
        for (Map.Entry<String, WireMask> entry : masked.entrySet()) {
            checkPointer("mask", entry.getKey());
            Objects.requireNonNull(entry.getValue(), "mask " + entry.getKey());
            for (int i = 0; i < promoted.size(); i++) {
                if (promoted.get(i).pointer().equals(entry.getKey())) {
                    throw new IllegalArgumentException("mask '" + entry.getKey() + "' is promoted by promote[" + i
                            + "]: give the promoted field its own mask (promote[" + i + "].mask)");
                }
            }
        }
    }

    /** A spec that masks nothing by pointer (every spec before masking existed). */
    public WireSpec(String wireId, String description, Path source, String fluxId, String timestamp,
                    String machineId, String entityName, String gearId, List<Promotion> promoted) {
        this(wireId, description, source, fluxId, timestamp, machineId, entityName, gearId, promoted, Map.of());
    }

    /** Every pointer this wire masks (promoted fields with a mask, then the {@code mask} map), with its action. */
    public Map<String, WireMask> maskedPointers() {
        Map<String, WireMask> all = new LinkedHashMap<>();
        for (Promotion promotion : promoted) {
            if (promotion.mask() != null) {
                all.put(promotion.pointer(), promotion.mask());
            }
        }
        all.putAll(masked);
        return Collections.unmodifiableMap(all);
    }

    /** The one check of a wire id: the messages API, the store's views and the warehouse's partitions all use it. */
    public static boolean isWireId(String text) {
        return text != null && WIRE_ID.matcher(text).matches();
    }

    private static void checkPointer(String key, String pointer) {
        if (pointer != null && !POINTER.matcher(pointer).matches()) {
            throw new IllegalArgumentException(key + " '" + pointer + "' is not a JSON pointer to a field (RFC 6901: "
                    + "it starts with '/', as in /card/bin, and writes '~' as ~0 and '/' in a name as ~1)");
        }
    }

    /**
     * A JSON field that becomes a typed column.
     *
     * @param pointer  where the field is in a message (RFC 6901), as {@code /card/bin}
     * @param column   the column's name, see {@link #COLUMN} and {@link #RESERVED_COLUMNS}
     * @param type     what the value must be
     * @param required whether a message without the field (or with null) is refused
     * @param mask     how ingestion masks the field (in the column and in the stored JSON), or null: not masked
     *                 (the card-number scan still runs on it); only on string fields, and never {@code drop}
     * @throws IllegalArgumentException naming the key and the problem, as {@code column 'ts' is a column ...}
     */
    public record Promotion(String pointer, String column, PromotedType type, boolean required, WireMask mask) {

        /** A field that is not masked by rule. */
        public Promotion(String pointer, String column, PromotedType type, boolean required) {
            this(pointer, column, type, required, null);
        }

        public Promotion {
            Objects.requireNonNull(pointer, "pointer");
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(type, "type");
            checkPointer("pointer", pointer);
            if (!COLUMN.matcher(column).matches()) {
                throw new IllegalArgumentException("column '" + column + "' is not a column name: lowercase letters, "
                        + "digits and '_', not starting with a digit, at most 63 characters");
            }
            if (RESERVED_COLUMNS.contains(column)) {
                throw new IllegalArgumentException("column '" + column + "' is a column every message has already "
                        + RESERVED_COLUMNS.stream().sorted().toList() + "; choose another name");
            }
            if (mask == WireMask.DROP) {
                throw new IllegalArgumentException("mask 'drop' would leave column '" + column + "' always empty; "
                        + "do not promote the field and drop it in the spec's mask map instead");
            }
            if (mask != null && type != PromotedType.STRING) {
                throw new IllegalArgumentException("mask '" + mask.label() + "' needs type string (a masked value "
                        + "is text), not " + type.label());
            }
        }
    }
}
