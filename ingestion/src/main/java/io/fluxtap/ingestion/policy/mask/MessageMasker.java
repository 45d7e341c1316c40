package io.fluxtap.ingestion.policy.mask;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.wire.WireMask;
import io.fluxtap.api.wire.WireSpec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Masks a business message: its wire spec's field masks (promoted fields and JSON pointers, in the stored JSON and
 * the promoted columns alike), then the card-number scan over every string, integer, whole decimal and object key of
 * the JSON (and over the promoted values) when masking is on. The JSON is parsed and written again only when something is masked; a
 * message whose text has fewer than 13 digits and whose wire masks nothing is handed on as it came.
 */
final class MessageMasker {

    /** Numbers keep their digits exactly as sent ({@code 12.50} stays {@code 12.50}). */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final ValueMasker values;
    private final Function<String, Optional<WireSpec>> wires;

    MessageMasker(ValueMasker values, Function<String, Optional<WireSpec>> wires) {
        this.values = values;
        this.wires = wires;
    }

    /** One field mask of a wire, with its counter name. */
    private record FieldMask(JsonPointer pointer, MaskAction action, String rule) {
    }

    /** A promoted column's mask. */
    private record ColumnMask(String column, MaskAction action, String rule) {
    }

    private record Plan(List<FieldMask> fields, List<ColumnMask> columns) {
        static final Plan NONE = new Plan(List.of(), List.of());
    }

    private final Map<String, Plan> plans = new java.util.concurrent.ConcurrentHashMap<>();

    BusinessMessage mask(BusinessMessage message, MaskCounts counts) {
        Plan plan = plans.computeIfAbsent(message.wireId(), this::planOf);
        String machine = values.text(message.machineId(), counts);
        String entity = values.text(message.entityName(), counts);
        String gear = values.text(message.gearId(), counts);
        boolean names = machine != message.machineId() || entity != message.entityName() || gear != message.gearId();
        boolean scan = values.enabled() && PanScanner.mayContain(message.json());
        if (plan.fields().isEmpty() && !scan && !names) {
            return message;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(message.json());
        } catch (JsonProcessingException e) {
            // The decoder parsed it already; a message it let through is JSON.
            throw new IllegalStateException("a decoded message is not JSON: " + e.getOriginalMessage(), e);
        }
        boolean changed = false;
        for (FieldMask field : plan.fields()) {
            changed |= applyField(root, field, counts);
        }
        if (scan) {
            changed |= scanTree(root, counts);
        }
        Map<String, Object> promoted = promoted(message.promoted(), plan, scan, counts);
        if (!changed && promoted == message.promoted() && !names) {
            return message;
        }
        String json = message.json();
        if (changed) {
            try {
                json = MAPPER.writeValueAsString(root);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a masked message", e);
            }
        }
        return new BusinessMessage(message.wireId(), message.fluxId(), message.timestamp(), promoted, json,
                message.traceId(), message.spanId(), machine, entity, gear);
    }

    private Plan planOf(String wireId) {
        Optional<WireSpec> spec = wires.apply(wireId);
        if (spec.isEmpty()) {
            return Plan.NONE;
        }
        List<FieldMask> fields = new ArrayList<>();
        spec.get().maskedPointers().forEach((pointer, mask) ->
                fields.add(new FieldMask(JsonPointer.compile(pointer), action(mask), "wire:" + wireId + pointer)));
        List<ColumnMask> columns = new ArrayList<>();
        for (WireSpec.Promotion promotion : spec.get().promoted()) {
            if (promotion.mask() != null) {
                columns.add(new ColumnMask(promotion.column(), action(promotion.mask()),
                        "wire:" + wireId + promotion.pointer()));
            }
        }
        return new Plan(List.copyOf(fields), List.copyOf(columns));
    }

    static MaskAction action(WireMask mask) {
        return switch (mask) {
            case TOKEN -> new MaskAction.Token();
            case TRUNCATE -> new MaskAction.Truncate();
            case DROP -> new MaskAction.Drop();
        };
    }

    private boolean applyField(JsonNode root, FieldMask field, MaskCounts counts) {
        JsonNode parent = root.at(field.pointer().head());
        String name = field.pointer().last().getMatchingProperty();
        JsonNode value;
        if (parent instanceof ObjectNode object) {
            value = object.get(name);
        } else if (parent instanceof ArrayNode array && field.pointer().last().mayMatchElement()) {
            value = array.get(field.pointer().last().getMatchingIndex());
        } else {
            return false;
        }
        if (value == null || value.isNull()) {
            return false;
        }
        JsonNode masked;
        if (field.action() instanceof MaskAction.Drop) {
            masked = NullNode.getInstance();
        } else if (value.isValueNode()) {
            masked = TextNode.valueOf(field.action().apply(value.asText(), values.replacements()));
        } else {
            // An object or array under a token/truncate mask: nothing of it may stay readable.
            masked = TextNode.valueOf(field.action().apply(value.toString(), values.replacements()));
        }
        if (parent instanceof ObjectNode object) {
            object.set(name, masked);
        } else {
            ((ArrayNode) parent).set(field.pointer().last().getMatchingIndex(), masked);
        }
        counts.add(field.rule());
        return true;
    }

    /** Every string and integer in the tree (object keys too) scanned for card numbers, in place. */
    private boolean scanTree(JsonNode node, MaskCounts counts) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            Map<String, JsonNode> renamed = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                JsonNode child = entry.getValue();
                JsonNode masked = scanLeaf(child, counts);
                if (masked != null) {
                    entry.setValue(masked);
                    changed = true;
                } else {
                    changed |= scanTree(child, counts);
                }
                String key = values.text(entry.getKey(), counts);
                if (!key.equals(entry.getKey())) {
                    if (renamed == null) {
                        renamed = new LinkedHashMap<>();
                    }
                    renamed.put(entry.getKey(), null);
                }
            }
            if (renamed != null) {
                ObjectNode copy = object.deepCopy();
                object.removeAll();
                copy.fields().forEachRemaining(e -> object.set(values.text(e.getKey(), new MaskCounts()), e.getValue()));
                changed = true;
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode masked = scanLeaf(array.get(i), counts);
                if (masked != null) {
                    array.set(i, masked);
                    changed = true;
                } else {
                    changed |= scanTree(array.get(i), counts);
                }
            }
        }
        return changed;
    }

    /** The masked replacement of a string or integer leaf, or null when it holds no card number. */
    private JsonNode scanLeaf(JsonNode node, MaskCounts counts) {
        if (node.isTextual()) {
            String text = node.textValue();
            String masked = values.text(text, counts);
            return masked == text ? null : TextNode.valueOf(masked);
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            String masked = values.replacements().maskPanNumber(node.longValue());
            if (masked != null) {
                counts.add(ValueMasker.PAN_RULE);
                return TextNode.valueOf(masked);
            }
        } else if (node.isFloatingPointNumber()) {
            // 4111111111111111.0 or 4.111111111111111E15: a whole number, as readable as the integer
            String masked = values.replacements().maskPanNumber(node.decimalValue());
            if (masked != null) {
                counts.add(ValueMasker.PAN_RULE);
                return TextNode.valueOf(masked);
            }
        } else if (node.isBigInteger()) {
            BigInteger big = node.bigIntegerValue();
            String digits = big.toString();
            String masked = values.text(digits, counts);
            return masked == digits ? null : TextNode.valueOf(masked);
        }
        return null;
    }

    private Map<String, Object> promoted(Map<String, Object> promoted, Plan plan, boolean scan, MaskCounts counts) {
        if (plan.columns().isEmpty() && !scan) {
            return promoted;
        }
        Map<String, Object> out = null;
        for (ColumnMask column : plan.columns()) {
            if (promoted.get(column.column()) instanceof String text) {
                if (out == null) {
                    out = new LinkedHashMap<>(promoted);
                }
                // counted once, with the JSON field it came from
                out.put(column.column(), column.action().apply(text, values.replacements()));
            }
        }
        if (scan) {
            Map<String, Object> source = out == null ? promoted : out;
            for (Map.Entry<String, Object> entry : source.entrySet()) {
                Object value = entry.getValue();
                Object masked;
                if (value instanceof Long number) {
                    // a typed column cannot hold the masked text: the value goes, the JSON keeps the masked one
                    masked = values.replacements().maskPanNumber(number) == null ? value : null;
                } else if (value instanceof Double number) {
                    masked = values.replacements().maskPanNumber(number.doubleValue()) == null ? value : null;
                } else {
                    masked = value == null ? null : values.scan(value, new MaskCounts());
                }
                if (masked != value) {
                    if (out == null) {
                        out = new LinkedHashMap<>(promoted);
                    }
                    out.put(entry.getKey(), masked);
                }
            }
        }
        return out == null ? promoted : out;
    }
}
