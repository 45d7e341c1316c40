package io.fluxtap.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable label set, sorted by name, as Prometheus' {@code labels.Labels} and Alertmanager's
 * {@code model.LabelSet}: the identity of a series and of an alert.
 *
 * <pre>{@code
 * Labels labels = Labels.of("alertname", "HighLatency", "job", "api", "severity", "page");
 * labels.get("job");                       // "api"
 * labels.with("severity", "ticket");       // a new set, severity replaced
 * labels.without("severity");              // {alertname="HighLatency", job="api"}
 * String.format("%016x", labels.fingerprint()); // "a105e054dfb59f59", as Alertmanager shows it
 * }</pre>
 *
 * Names must match {@code [a-zA-Z_][a-zA-Z0-9_]*} (Prometheus' classic rule; {@code __name__} and other
 * {@code __} names are valid). An empty value means the label is absent, as in Prometheus and Alertmanager: it is
 * left out of the set, so {@code with(name, "")} is {@code without(name)}.
 *
 * @param list the labels sorted by name, each name once, no empty value
 */
public record Labels(List<Label> list) implements Iterable<Labels.Label> {

    /** One label. */
    public record Label(String name, String value) {

        public Label {
            Objects.requireNonNull(name, "label name");
            Objects.requireNonNull(value, "label value");
            if (!isValidName(name)) {
                throw new IllegalArgumentException("invalid label name \"" + name
                        + "\": a label name must match [a-zA-Z_][a-zA-Z0-9_]*");
            }
        }
    }

    private static final Comparator<Label> BY_NAME = Comparator.comparing(Label::name);
    // FNV-1a, 64 bits, the hash Alertmanager's model.LabelSet.Fingerprint uses.
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final byte SEPARATOR = (byte) 0xff;

    // Declared after the constants the constructor reads.
    public static final Labels EMPTY = new Labels(List.of());

    /**
     * @throws IllegalArgumentException for an invalid name or a name given twice
     */
    public Labels {
        List<Label> sorted = new ArrayList<>(list.size());
        for (Label label : list) {
            if (!label.value().isEmpty()) {
                sorted.add(label);
            }
        }
        sorted.sort(BY_NAME);
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
                throw new IllegalArgumentException("label name \"" + sorted.get(i).name() + "\" given twice");
            }
        }
        list = List.copyOf(sorted);
    }

    /**
     * {@code [a-zA-Z_][a-zA-Z0-9_]*}, checked by hand: every scraped and pushed label passes here, and a regex
     * matcher per label was a measurable share of a scrape's allocation (BENCHMARKS.md section 21).
     */
    static boolean isValidName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Labels from name/value pairs: {@code Labels.of("job", "api", "instance", "a:9090")}.
     *
     * @throws IllegalArgumentException for an odd number of strings, an invalid name or a name given twice
     */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels come as name/value pairs, got " + namesAndValues.length
                    + " strings");
        }
        List<Label> labels = new ArrayList<>(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            labels.add(new Label(namesAndValues[i], namesAndValues[i + 1]));
        }
        return new Labels(labels);
    }

    /** Labels from a map (any order). */
    public static Labels of(Map<String, String> map) {
        List<Label> labels = new ArrayList<>(map.size());
        map.forEach((name, value) -> labels.add(new Label(name, value)));
        return new Labels(labels);
    }

    /** The value of the label, or null when the set has none of that name. */
    public String get(String name) {
        int i = indexOf(name);
        return i >= 0 ? list.get(i).value() : null;
    }

    public boolean has(String name) {
        return indexOf(name) >= 0;
    }

    /** This set with the label set to {@code value} (added or replaced); an empty value removes it. */
    public Labels with(String name, String value) {
        List<Label> labels = new ArrayList<>(list.size() + 1);
        for (Label label : list) {
            if (!label.name().equals(name)) {
                labels.add(label);
            }
        }
        labels.add(new Label(name, value));
        return new Labels(labels);
    }

    /** This set without the labels of these names (names it does not have are ignored). */
    public Labels without(String... names) {
        List<String> drop = List.of(names);
        List<Label> labels = new ArrayList<>(list.size());
        for (Label label : list) {
            if (!drop.contains(label.name())) {
                labels.add(label);
            }
        }
        return labels.size() == list.size() ? this : new Labels(labels);
    }

    public int size() {
        return list.size();
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** The labels as a map sorted by name (a copy; changing it changes nothing here). */
    public SortedMap<String, String> asMap() {
        SortedMap<String, String> map = new TreeMap<>();
        list.forEach(label -> map.put(label.name(), label.value()));
        return Collections.unmodifiableSortedMap(map);
    }

    /**
     * A 64-bit hash that stays the same across runs, processes and versions, so it may be stored and compared:
     * FNV-1a (64 bits, offset basis 0xcbf29ce484222325, prime 0x100000001b3) over, for each label in name order,
     * the UTF-8 bytes of the name, the byte 0xff, the UTF-8 bytes of the value, the byte 0xff. The empty set
     * hashes to the offset basis. This is exactly Alertmanager's {@code model.LabelSet.Fingerprint}, so
     * {@code String.format("%016x", fingerprint())} is the {@code fingerprint} its API v2 shows for an alert with
     * these labels.
     */
    public long fingerprint() {
        long hash = FNV_OFFSET;
        for (Label label : list) {
            hash = add(hash, label.name());
            hash = add(hash, label.value());
        }
        return hash;
    }

    private static long add(long hash, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * FNV_PRIME;
        }
        return (hash ^ (SEPARATOR & 0xff)) * FNV_PRIME;
    }

    private int indexOf(String name) {
        int low = 0;
        int high = list.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int cmp = list.get(mid).name().compareTo(name);
            if (cmp < 0) {
                low = mid + 1;
            } else if (cmp > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    @Override
    public Iterator<Label> iterator() {
        return list.iterator();
    }

    /** Prometheus' notation: {@code {job="api", severity="page"}}, values quoted and escaped as Go strings. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        for (Label label : list) {
            if (text.length() > 1) {
                text.append(", ");
            }
            text.append(label.name()).append("=\"");
            label.value().codePoints().forEach(c -> {
                switch (c) {
                    case '"' -> text.append("\\\"");
                    case '\\' -> text.append("\\\\");
                    case '\n' -> text.append("\\n");
                    default -> text.appendCodePoint(c);
                }
            });
            text.append('"');
        }
        return text.append('}').toString();
    }
}
