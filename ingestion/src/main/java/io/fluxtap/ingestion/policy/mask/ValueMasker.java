package io.fluxtap.ingestion.policy.mask;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Masks text, attribute maps and label maps: first the attribute rule of the key (if any), then the card-number
 * scan over whatever is left, strings, integers and whole doubles alike, map keys and nested arrays and maps
 * included. Every method returns its argument itself when nothing changed, so clean records cost no allocation.
 */
final class ValueMasker {

    static final String PAN_RULE = "pan";

    private final boolean enabled;
    private final Replacements replacements;
    private final Map<String, MaskAction> rules;
    private final Map<String, String> ruleNames;

    ValueMasker(MaskSettings settings, Replacements replacements) {
        this.enabled = settings.enabled();
        this.replacements = replacements;
        Map<String, MaskAction> byKey = new LinkedHashMap<>(settings.attributes());
        // Metric labels carry attribute keys with '.' turned into '_' (user.email -> user_email).
        settings.attributes().forEach((key, action) -> byKey.putIfAbsent(key.replace('.', '_'), action));
        this.rules = byKey;
        Map<String, String> names = new LinkedHashMap<>();
        settings.attributes().keySet().forEach(key -> {
            names.put(key, "attribute:" + key);
            names.putIfAbsent(key.replace('.', '_'), "attribute:" + key);
        });
        this.ruleNames = names;
    }

    boolean enabled() {
        return enabled;
    }

    Replacements replacements() {
        return replacements;
    }

    String text(String text, MaskCounts counts) {
        if (!enabled || text == null) {
            return text;
        }
        return replacements.maskPans(text, counts, PAN_RULE);
    }

    Map<String, Object> attributes(Map<String, Object> attributes, MaskCounts counts) {
        if (!enabled || attributes.isEmpty()) {
            return attributes;
        }
        return maskMap(attributes, counts, true);
    }

    /**
     * A map with its card numbers masked in keys and values (keys too: a kvlist or a map of cards keyed by card
     * number is as readable as a value), by the attribute rules first when {@code byKey}; itself when nothing
     * changed. A rule is found by the key as sent. Two keys that mask to the same text (truncate keeps only 10
     * digits) collide: the later value wins, as for a repeated key.
     */
    private Map<String, Object> maskMap(Map<String, Object> map, MaskCounts counts, boolean byKey) {
        Map<String, Object> out = null;
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            MaskAction rule = !byKey || rules.isEmpty() ? null : rules.get(key);
            Object masked = value;
            if (rule != null && value != null) {
                masked = byRule(value, rule);
                if (masked != value) {
                    counts.add(ruleNames.get(key));
                }
            }
            if (masked != null) {
                masked = scan(masked, counts);
            }
            String maskedKey = key == null ? null : replacements.maskPans(key, counts, PAN_RULE);
            if (masked != value || maskedKey != key) {
                if (out == null) {
                    out = copyUpTo(map, key);
                }
                if (masked != null || !byKey) {
                    out.put(maskedKey, masked);
                }
            } else if (out != null) {
                out.put(key, value);
            }
        }
        return out == null ? map : out;
    }

    Map<String, String> labels(Map<String, String> labels, MaskCounts counts) {
        if (!enabled || labels.isEmpty()) {
            return labels;
        }
        Map<String, String> out = null;
        for (Map.Entry<String, String> entry : labels.entrySet()) {
            String key = entry.getKey();
            // remote_write does not hold label names to Prometheus' grammar, so a name may be a card number too
            String maskedKey = replacements.maskPans(key, counts, PAN_RULE);
            if (maskedKey != key) {
                if (out == null) {
                    out = new TreeMap<>(labels);
                }
                out.remove(key);
                out.put(maskedKey, entry.getValue());
            }
            String value = entry.getValue();
            MaskAction rule = rules.isEmpty() ? null : rules.get(entry.getKey());
            String masked = value;
            if (rule != null && value != null) {
                masked = rule.apply(value, replacements);
                if (masked != value) {
                    counts.add(ruleNames.get(entry.getKey()));
                }
            }
            if (masked != null) {
                masked = replacements.maskPans(masked, counts, PAN_RULE);
            }
            if (masked != value) {
                if (out == null) {
                    out = new TreeMap<>(labels);
                }
                if (masked == null) {
                    out.remove(maskedKey);
                } else {
                    out.put(maskedKey, masked);
                }
            }
        }
        return out == null ? labels : out;
    }

    /** A rule on an array or map applies to every string and integer in it; drop removes it whole. */
    private Object byRule(Object value, MaskAction rule) {
        if (rule instanceof MaskAction.Drop) {
            return null;
        }
        if (value instanceof String text) {
            return rule.apply(text, replacements);
        }
        if (value instanceof Long number) {
            return rule.apply(Long.toString(number), replacements);
        }
        if (value instanceof Double number) {
            return rule.apply(text(number), replacements);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(v == null ? null : byRule(v, rule)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, v == null ? null : byRule(v, rule)));
            return out;
        }
        return value; // a boolean carries no text to mask
    }

    /** A double as a rule sees it: a whole number as its digits ({@code 4111111111111111}, not {@code 4.1E15}). */
    private static String text(double number) {
        if (Double.isFinite(number) && number == Math.rint(number) && Math.abs(number) < 1e19) {
            return new java.math.BigDecimal(number).toPlainString();
        }
        return Double.toString(number);
    }

    /** The value with its card numbers masked; itself when there is none. */
    Object scan(Object value, MaskCounts counts) {
        if (value instanceof String text) {
            return replacements.maskPans(text, counts, PAN_RULE);
        }
        if (value instanceof Long number) {
            String masked = replacements.maskPanNumber(number);
            if (masked == null) {
                return value;
            }
            counts.add(PAN_RULE);
            return masked;
        }
        if (value instanceof Double number) {
            String masked = replacements.maskPanNumber(number.doubleValue());
            if (masked == null) {
                return value;
            }
            counts.add(PAN_RULE);
            return masked;
        }
        if (value instanceof List<?> list) {
            List<Object> out = null;
            for (int i = 0; i < list.size(); i++) {
                Object v = list.get(i);
                Object m = v == null ? null : scan(v, counts);
                if (m != v && out == null) {
                    out = new ArrayList<>(list.subList(0, i));
                }
                if (out != null) {
                    out.add(m);
                }
            }
            return out == null ? value : out;
        }
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> attributes = (Map<String, Object>) map;
            return maskMap(attributes, counts, false);
        }
        return value;
    }

    private static Map<String, Object> copyUpTo(Map<String, Object> attributes, String stop) {
        Map<String, Object> out = new LinkedHashMap<>(attributes.size() * 2);
        for (Map.Entry<String, Object> entry : attributes.entrySet()) {
            if (entry.getKey().equals(stop)) {
                break;
            }
            out.put(entry.getKey(), entry.getValue());
        }
        return out;
    }
}
