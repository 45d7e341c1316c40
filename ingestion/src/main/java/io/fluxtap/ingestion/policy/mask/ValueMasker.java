package io.fluxtap.ingestion.policy.mask;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Masks text, attribute maps and label maps: first the attribute rule of the key (if any), then the card-number
 * scan over whatever is left, strings and integers alike, nested arrays and maps included. Every method returns its
 * argument itself when nothing changed, so clean records cost no allocation.
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
        Map<String, Object> out = null;
        for (Map.Entry<String, Object> entry : attributes.entrySet()) {
            Object value = entry.getValue();
            MaskAction rule = rules.isEmpty() ? null : rules.get(entry.getKey());
            Object masked = value;
            if (rule != null && value != null) {
                masked = byRule(value, rule);
                if (masked != value) {
                    counts.add(ruleNames.get(entry.getKey()));
                }
            }
            if (masked != null) {
                masked = scan(masked, counts);
            }
            if (masked != value) {
                if (out == null) {
                    out = copyUpTo(attributes, entry.getKey());
                }
                if (masked != null) {
                    out.put(entry.getKey(), masked);
                }
            } else if (out != null) {
                out.put(entry.getKey(), value);
            }
        }
        return out == null ? attributes : out;
    }

    Map<String, String> labels(Map<String, String> labels, MaskCounts counts) {
        if (!enabled || labels.isEmpty()) {
            return labels;
        }
        Map<String, String> out = null;
        for (Map.Entry<String, String> entry : labels.entrySet()) {
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
                    out.remove(entry.getKey());
                } else {
                    out.put(entry.getKey(), masked);
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
        return value; // booleans and doubles carry no text to mask
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
            Map<String, Object> out = null;
            for (Map.Entry<String, Object> entry : attributes.entrySet()) {
                Object v = entry.getValue();
                Object m = v == null ? null : scan(v, counts);
                if (m != v && out == null) {
                    out = copyUpTo(attributes, entry.getKey());
                }
                if (out != null) {
                    out.put(entry.getKey(), m);
                }
            }
            return out == null ? value : out;
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
