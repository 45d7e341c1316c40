package io.fluxtap.ingestion.scrape.relabel;

import io.fluxtap.api.Labels;
import io.fluxtap.ingestion.scrape.config.ScrapeConfigException;
import io.fluxtap.ingestion.scrape.discovery.RelabelCompiler;
import io.fluxtap.ingestion.scrape.discovery.RelabelStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * Prometheus' relabelling ({@code model/relabel/relabel.go} {@code ProcessBuilder}): the entries run in order on one
 * label set, the first that drops it ends the run. {@code __name__} is a label like any other, so the same step
 * serves {@code relabel_configs} on targets and {@code metric_relabel_configs} on samples.
 */
@ApplicationScoped
public class Relabeler implements RelabelCompiler {

    @Override
    public RelabelStep compile(List<Map<String, Object>> configs, String section) throws ScrapeConfigException {
        List<RelabelConfig> parsed = new ArrayList<>(configs.size());
        for (int i = 0; i < configs.size(); i++) {
            Map<String, Object> raw = configs.get(i);
            if (raw == null) {
                throw new ScrapeConfigException("empty or null relabeling rule (" + section + ", entry " + (i + 1)
                        + ")");
            }
            try {
                parsed.add(RelabelConfigs.parse(raw));
            } catch (ScrapeConfigException e) {
                throw new ScrapeConfigException(e.getMessage() + " (" + section + ", entry " + (i + 1) + ")", e);
            }
        }
        if (parsed.isEmpty()) {
            return RelabelStep.NONE;
        }
        List<RelabelConfig> rules = List.copyOf(parsed);
        return labels -> process(rules, labels);
    }

    /**
     * The labels after {@code rules}, or null when one of them drops the set.
     *
     * @throws IllegalArgumentException when a {@code labelmap} produced a name that is not a valid label name;
     *                                  Prometheus refuses such a target (or fails such a scrape) too
     */
    public static Labels process(List<RelabelConfig> rules, Labels labels) {
        TreeMap<String, String> working = new TreeMap<>(labels.asMap());
        for (RelabelConfig rule : rules) {
            if (!apply(rule, working)) {
                return null;
            }
        }
        for (String name : working.keySet()) {
            if (!RelabelConfigs.isLabelName(name)) {
                throw new IllegalArgumentException(RelabelConfigs.goQuote(name) + " is invalid label name");
            }
        }
        return Labels.of(working);
    }

    private static boolean apply(RelabelConfig rule, TreeMap<String, String> labels) {
        String value = joined(rule, labels);
        switch (rule.action()) {
            case DROP -> {
                return !rule.regex().matches(value);
            }
            case KEEP -> {
                return rule.regex().matches(value);
            }
            case DROPEQUAL -> {
                return !labels.getOrDefault(rule.targetLabel(), "").equals(value);
            }
            case KEEPEQUAL -> {
                return labels.getOrDefault(rule.targetLabel(), "").equals(value);
            }
            case REPLACE -> replace(rule, value, labels);
            case LOWERCASE -> set(labels, rule.targetLabel(), mapCodePoints(value, true));
            case UPPERCASE -> set(labels, rule.targetLabel(), mapCodePoints(value, false));
            case HASHMOD -> set(labels, rule.targetLabel(), hashMod(value, rule.modulus()));
            case LABELMAP -> {
                // Over a snapshot, as labels.Builder.Range: names set here are not visited again.
                for (Map.Entry<String, String> label : List.copyOf(labels.entrySet())) {
                    if (rule.regex().matches(label.getKey())) {
                        set(labels, rule.regex().replaceAll(label.getKey(), rule.replacement()), label.getValue());
                    }
                }
            }
            case LABELDROP -> labels.keySet().removeIf(name -> rule.regex().matches(name));
            case LABELKEEP -> labels.keySet().removeIf(name -> !rule.regex().matches(name));
        }
        return true;
    }

    private static void replace(RelabelConfig rule, String value, TreeMap<String, String> labels) {
        GoRegexp regex = rule.regex();
        Matcher match = regex.match(value);
        if (match == null) {
            return;
        }
        String target = regex.expand(rule.targetLabel(), value, match);
        if (!RelabelConfigs.isLabelName(target)) {
            return;
        }
        set(labels, target, regex.expand(rule.replacement(), value, match));
    }

    private static String joined(RelabelConfig rule, Map<String, String> labels) {
        if (rule.sourceLabels().size() == 1) {
            return labels.getOrDefault(rule.sourceLabels().getFirst(), "");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rule.sourceLabels().size(); i++) {
            if (i > 0) {
                out.append(rule.separator());
            }
            out.append(labels.getOrDefault(rule.sourceLabels().get(i), ""));
        }
        return out.toString();
    }

    /** An empty value removes the label, as {@code labels.Builder.Set} does. */
    private static void set(Map<String, String> labels, String name, String value) {
        if (value.isEmpty()) {
            labels.remove(name);
        } else {
            labels.put(name, value);
        }
    }

    /**
     * Go's {@code strings.ToLower}/{@code ToUpper}: one code point to one, by Unicode's simple mappings. Java's
     * {@code String.toUpperCase} uses the full ones ({@code ß} becomes {@code SS}, {@code İ} two code points).
     */
    private static String mapCodePoints(String value, boolean lower) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> out.appendCodePoint(lower ? Character.toLowerCase(cp)
                : Character.toUpperCase(cp)));
        return out.toString();
    }

    /** md5 of the value, its last 8 bytes as a big-endian uint64, modulo the modulus (all unsigned). */
    static String hashMod(String value, long modulus) {
        byte[] digest = md5().digest(value.getBytes(StandardCharsets.UTF_8));
        long low = ByteBuffer.wrap(digest, 8, 8).getLong();
        return Long.toUnsignedString(Long.remainderUnsigned(low, modulus));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
