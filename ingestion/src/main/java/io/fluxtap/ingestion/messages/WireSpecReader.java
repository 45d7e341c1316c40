package io.fluxtap.ingestion.messages;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one wire spec file. The format (every key but {@code wire} optional):
 * <pre>{@code
 * wire: fluxSpec/visa-v1       # the id in POST /api/v1/messages/{wire}: [A-Za-z0-9_.-]+, at most one '/'
 * description: Visa authorisations
 * flux_id: /fluxId             # JSON pointer of the field carrying the flux id (an unsigned 64-bit integer,
 *                              # as a JSON number or a decimal string); messages without it get a generated one
 * timestamp: /authorisedAt     # RFC 3339 field used as the message time; default: the time of arrival
 * machine_id: /host            # string fields stored in the shared columns machine_id, entity_name, gear_id
 * entity_name: /service
 * gear_id: /component
 * promote:                     # fields that become typed columns
 *   - {pointer: /card/bin, column: bin, type: string, required: true}
 *   - {pointer: /amount, column: amount, type: double, required: true}
 *   - {pointer: /merchant/mcc, column: mcc, type: long}    # required defaults to false
 * }</pre>
 * Types: string, long, double, boolean, timestamp. Columns are lowercase SQL identifiers
 * ({@code [a-z_][a-z0-9_]*}, at most 63 characters), unique within the wire, and none of the columns every
 * message has. Unknown keys are errors, so a misspelt key does not silently do nothing.
 */
final class WireSpecReader {

    private static final Pattern WIRE_ID = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)?");
    static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** The columns of active_messages itself, which a promoted column would shadow in the wire's view. */
    static final Set<String> RESERVED_COLUMNS = Set.of("ts", "trace_id", "span_id", "flux_id", "machine_id",
            "entity_name", "gear_id", "level", "wire_id", "promoted", "json");

    private static final Set<String> KEYS = Set.of("wire", "description", "flux_id", "timestamp", "machine_id",
            "entity_name", "gear_id", "promote");
    private static final Set<String> PROMOTE_KEYS = Set.of("pointer", "column", "type", "required");
    private static final YAMLMapper YAML = new YAMLMapper();

    private WireSpecReader() {
    }

    /** @throws InvalidWireSpec naming the problem; the caller adds the file */
    static WireSpec read(Path file) throws InvalidWireSpec {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new InvalidWireSpec("not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new InvalidWireSpec("the file cannot be read: " + e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InvalidWireSpec("the file is empty");
        }
        if (!root.isObject()) {
            throw new InvalidWireSpec("the document must be a mapping with the keys " + KEYS.stream().sorted().toList());
        }
        checkKeys(root, KEYS, "");
        String wireId = requiredText(root, "wire", "");
        if (!isWireId(wireId)) {
            throw new InvalidWireSpec("wire '" + wireId + "' is not a wire id: letters, digits, '_', '.' and '-', "
                    + "with at most one '/' between two names (not '.' or '..')");
        }
        return new WireSpec(wireId, optionalText(root, "description", ""), file,
                optionalPointer(root, "flux_id", ""), optionalPointer(root, "timestamp", ""),
                optionalPointer(root, "machine_id", ""), optionalPointer(root, "entity_name", ""),
                optionalPointer(root, "gear_id", ""), promotions(root.get("promote")));
    }

    /** Also the wire's directory in the warehouse, hence no "." or ".." segment. */
    static boolean isWireId(String text) {
        if (!WIRE_ID.matcher(text).matches()) {
            return false;
        }
        for (String segment : text.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static List<WireSpec.Promotion> promotions(JsonNode list) throws InvalidWireSpec {
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new InvalidWireSpec("promote must be a list of {pointer, column, type, required}");
        }
        List<WireSpec.Promotion> promotions = new ArrayList<>();
        Set<String> columns = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "promote[" + i + "].";
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                throw new InvalidWireSpec(where.substring(0, where.length() - 1)
                        + " must be a mapping with the keys " + PROMOTE_KEYS);
            }
            checkKeys(item, PROMOTE_KEYS, where);
            JsonPointer pointer = pointer(requiredText(item, "pointer", where), where + "pointer");
            String column = requiredText(item, "column", where);
            if (!COLUMN.matcher(column).matches()) {
                throw new InvalidWireSpec(where + "column '" + column + "' is not a column name: lowercase letters, "
                        + "digits and '_', not starting with a digit, at most 63 characters");
            }
            if (RESERVED_COLUMNS.contains(column)) {
                throw new InvalidWireSpec(where + "column '" + column + "' is a column every message has already; "
                        + "choose another name");
            }
            if (!columns.add(column)) {
                throw new InvalidWireSpec(where + "column '" + column + "' is promoted twice");
            }
            String typeName = requiredText(item, "type", where);
            PromotedType type = PromotedType.ofLabel(typeName).orElseThrow(() -> new InvalidWireSpec(
                    where + "type '" + typeName + "' is not one of string, long, double, boolean, timestamp"));
            JsonNode required = item.get("required");
            if (required != null && !required.isBoolean()) {
                throw new InvalidWireSpec(where + "required must be true or false");
            }
            promotions.add(new WireSpec.Promotion(pointer, column, type, required != null && required.booleanValue()));
        }
        return promotions;
    }

    private static void checkKeys(JsonNode node, Set<String> known, String where) throws InvalidWireSpec {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidWireSpec("unknown key '" + where + name + "' (known: " + known.stream().sorted().toList() + ")");
            }
        }
    }

    private static String requiredText(JsonNode node, String key, String where) throws InvalidWireSpec {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw new InvalidWireSpec(where + key + " is missing");
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw new InvalidWireSpec(where + key + " must be a non-empty string");
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode node, String key, String fallback) throws InvalidWireSpec {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new InvalidWireSpec(key + " must be a string");
        }
        return value.textValue();
    }

    private static JsonPointer optionalPointer(JsonNode node, String key, String where) throws InvalidWireSpec {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        return pointer(requiredText(node, key, where), where + key);
    }

    private static JsonPointer pointer(String text, String key) throws InvalidWireSpec {
        if (!text.startsWith("/")) {
            throw new InvalidWireSpec(key + " '" + text + "' is not a JSON pointer to a field (RFC 6901: it starts "
                    + "with '/', as in /card/bin)");
        }
        try {
            return JsonPointer.compile(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidWireSpec(key + " '" + text + "' is not a JSON pointer: " + e.getMessage());
        }
    }

    /** A problem with one spec file; the message reads after the file's name. */
    static final class InvalidWireSpec extends Exception {

        InvalidWireSpec(String message) {
            super(message, null, false, false);
        }
    }
}
