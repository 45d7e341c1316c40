package io.fluxtap.ingestion.scrape.relabel;

import io.fluxtap.ingestion.scrape.config.ScrapeConfigException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads relabel entries as written (YAML maps) into {@link RelabelConfig}s with Prometheus' defaults, decoding
 * rules (yaml.v2's: a null value is the field's zero value) and {@code Config.Validate} checks and messages, under
 * the legacy name validation ({@code [a-zA-Z_][a-zA-Z0-9_]*}), the only names our label sets hold.
 */
public final class RelabelConfigs {

    static final String DEFAULT_SEPARATOR = ";";
    static final String DEFAULT_REPLACEMENT = "$1";
    private static final Set<String> FIELDS = Set.of("source_labels", "separator", "regex", "modulus",
            "target_label", "replacement", "action");
    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private RelabelConfigs() {
    }

    /**
     * One entry.
     *
     * @throws ScrapeConfigException with Prometheus' message when Prometheus would refuse the entry
     */
    public static RelabelConfig parse(Map<String, Object> raw) throws ScrapeConfigException {
        for (String key : raw.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new ScrapeConfigException("yaml: unmarshal errors: field " + key + " not found in type "
                        + "relabel.plain");
            }
        }
        List<String> sources = sourceLabels(raw.get("source_labels"));
        boolean sourcesSet = raw.get("source_labels") != null;
        String separator = raw.containsKey("separator") ? string(raw.get("separator")) : DEFAULT_SEPARATOR;
        boolean regexSet = raw.containsKey("regex");
        GoRegexp regex;
        try {
            regex = GoRegexp.compile(regexSet ? string(raw.get("regex")) : "(.*)");
        } catch (IllegalArgumentException e) {
            throw new ScrapeConfigException(e.getMessage(), e);
        }
        long modulus = modulus(raw.get("modulus"));
        String target = string(raw.get("target_label"));
        String replacement = raw.containsKey("replacement") ? string(raw.get("replacement")) : DEFAULT_REPLACEMENT;
        RelabelAction action = raw.containsKey("action") ? action(raw.get("action")) : RelabelAction.REPLACE;
        validate(action, sourcesSet, separator, regexSet, modulus, target, replacement);
        return new RelabelConfig(sources, separator, regex, modulus, target, replacement, action);
    }

    /** The order and wording of Prometheus' {@code relabel.Config.Validate}. */
    private static void validate(RelabelAction action, boolean sourcesSet, String separator, boolean regexSet,
            long modulus, String target, String replacement) throws ScrapeConfigException {
        if (action == null) {
            throw new ScrapeConfigException("relabel action cannot be empty");
        }
        String name = name(action);
        if (modulus == 0 && action == RelabelAction.HASHMOD) {
            throw new ScrapeConfigException("relabel configuration for hashmod requires non-zero modulus");
        }
        boolean needsTarget = switch (action) {
            case REPLACE, HASHMOD, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
            default -> false;
        };
        if (needsTarget && target.isEmpty()) {
            throw new ScrapeConfigException("relabel configuration for " + name
                    + " action requires 'target_label' value");
        }
        boolean templated = target.contains("$");
        if (action == RelabelAction.REPLACE && (templated ? !isTargetTemplate(target) : !isLabelName(target))) {
            throw invalid(target, "target_label", name);
        }
        boolean plainTarget = switch (action) {
            case LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
            default -> false;
        };
        if (plainTarget && !isLabelName(target)) {
            throw invalid(target, "target_label", name);
        }
        if (plainTarget && !replacement.equals(DEFAULT_REPLACEMENT)) {
            throw new ScrapeConfigException("'replacement' can not be set for " + name + " action");
        }
        if (action == RelabelAction.LABELMAP && !isTargetTemplate(replacement)) {
            throw invalid(replacement, "replacement", name);
        }
        if (action == RelabelAction.HASHMOD && !isLabelName(target)) {
            throw invalid(target, "target_label", name);
        }
        if ((action == RelabelAction.KEEPEQUAL || action == RelabelAction.DROPEQUAL)
                && (regexSet || modulus != 0 || !separator.equals(DEFAULT_SEPARATOR)
                || !replacement.equals(DEFAULT_REPLACEMENT))) {
            throw new ScrapeConfigException(name
                    + " action requires only 'source_labels' and `target_label`, and no other fields");
        }
        if ((action == RelabelAction.LABELDROP || action == RelabelAction.LABELKEEP)
                && (sourcesSet || !target.isEmpty() || modulus != 0 || !separator.equals(DEFAULT_SEPARATOR)
                || !replacement.equals(DEFAULT_REPLACEMENT))) {
            throw new ScrapeConfigException(name + " action requires only 'regex', and no other fields");
        }
    }

    /** The action's name as configurations write it. */
    static String name(RelabelAction action) {
        return action.name().toLowerCase(Locale.ROOT);
    }

    private static ScrapeConfigException invalid(String value, String field, String action) {
        return new ScrapeConfigException(goQuote(value) + " is invalid '" + field + "' for " + action + " action");
    }

    /** A label name under Prometheus' legacy validation. */
    static boolean isLabelName(String name) {
        if (name.isEmpty() || !(isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!isWord(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Prometheus' {@code relabelTargetLegacy} ({@code ^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$}) as a linear
     * scan: Java would backtrack exponentially on its nested repetitions. The language is a letter, {@code _} or
     * variable first, then any run of word characters and variables ({@code $name}, {@code ${name}}).
     */
    static boolean isTargetTemplate(String text) {
        int i = 0;
        int n = text.length();
        boolean first = true;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '$') {
                int end = variableEnd(text, i + 1);
                if (end < 0) {
                    return false;
                }
                i = end;
            } else if (first ? isLetter(c) || c == '_' : isWord(c)) {
                i++;
            } else {
                return false;
            }
            first = false;
        }
        return !first;
    }

    private static int variableEnd(String text, int start) {
        boolean brace = start < text.length() && text.charAt(start) == '{';
        int i = brace ? start + 1 : start;
        int nameStart = i;
        while (i < text.length() && isWord(text.charAt(i))) {
            i++;
        }
        if (i == nameStart) {
            return -1;
        }
        if (brace) {
            return i < text.length() && text.charAt(i) == '}' ? i + 1 : -1;
        }
        return i;
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isWord(char c) {
        return isLetter(c) || c >= '0' && c <= '9' || c == '_';
    }

    private static List<String> sourceLabels(Object value) throws ScrapeConfigException {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new ScrapeConfigException("yaml: unmarshal errors: cannot unmarshal " + yamlTag(value) + " `"
                    + value + "` into model.LabelNames");
        }
        List<String> names = new ArrayList<>(list.size());
        for (Object item : list) {
            String name = string(item);
            if (!isLabelName(name)) {
                throw new ScrapeConfigException(goQuote(name) + " is not a valid label name");
            }
            names.add(name);
        }
        return names;
    }

    private static RelabelAction action(Object value) throws ScrapeConfigException {
        if (value == null) {
            return null;
        }
        String text = string(value);
        for (RelabelAction action : RelabelAction.values()) {
            if (name(action).equals(text.toLowerCase(Locale.ROOT))) {
                return action;
            }
        }
        throw new ScrapeConfigException("unknown relabel action " + goQuote(text));
    }

    private static long modulus(Object value) throws ScrapeConfigException {
        if (value == null) {
            return 0;
        }
        BigInteger number = switch (value) {
            case Integer i -> BigInteger.valueOf(i);
            case Long l -> BigInteger.valueOf(l);
            case BigInteger b -> b;
            default -> null;
        };
        if (number == null || number.signum() < 0 || number.compareTo(MAX_UINT64) > 0) {
            throw new ScrapeConfigException("yaml: unmarshal errors: cannot unmarshal " + yamlTag(value) + " `"
                    + value + "` into uint64");
        }
        return number.longValue();
    }

    /** A scalar as yaml.v2 puts it into a Go string; null is the empty string, a list or map an error. */
    private static String string(Object value) throws ScrapeConfigException {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            throw new ScrapeConfigException("yaml: unmarshal errors: cannot unmarshal " + yamlTag(value)
                    + " into string");
        }
        return value.toString();
    }

    private static String yamlTag(Object value) {
        return switch (value) {
            case List<?> l -> "!!seq";
            case Map<?, ?> m -> "!!map";
            case Integer i -> "!!int";
            case Long l -> "!!int";
            case BigInteger b -> "!!int";
            case Double d -> "!!float";
            case Boolean b -> "!!bool";
            default -> "!!str";
        };
    }

    /** Go's {@code %q}: double quotes, with backslash escapes for quotes, backslashes and control characters. */
    static String goQuote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        out.append(String.format("\\x%02x", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.append('"').toString();
    }
}
