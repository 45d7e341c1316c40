package io.fluxtap.storage.promql.eval;

import io.fluxtap.storage.promql.series.LabelMatcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** An immutable label set sorted by name, compact (two parallel arrays) because evaluation makes many of them. */
public final class Labels implements Comparable<Labels> {

    public static final Labels EMPTY = new Labels(new String[0], new String[0]);

    private final String[] names;
    private final String[] values;
    private int hash;

    private Labels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
    }

    /** Empty values are left out: Prometheus treats an empty label as an absent one. */
    public static Labels of(Map<String, String> map) {
        SortedMap<String, String> sorted = map instanceof SortedMap<String, String> s && s.comparator() == null
                ? s : new TreeMap<>(map);
        List<String> n = new ArrayList<>(sorted.size());
        List<String> v = new ArrayList<>(sorted.size());
        sorted.forEach((k, val) -> {
            if (!val.isEmpty()) {
                n.add(k);
                v.add(val);
            }
        });
        return new Labels(n.toArray(String[]::new), v.toArray(String[]::new));
    }

    public int size() {
        return names.length;
    }

    public String name(int i) {
        return names[i];
    }

    public String value(int i) {
        return values[i];
    }

    /** The value, or "" when absent. */
    public String get(String name) {
        int i = Arrays.binarySearch(names, name);
        return i >= 0 ? values[i] : "";
    }

    public boolean has(String name) {
        return Arrays.binarySearch(names, name) >= 0;
    }

    public String metricName() {
        return get(LabelMatcher.METRIC_NAME);
    }

    public Labels withoutMetricName() {
        return without(List.of(LabelMatcher.METRIC_NAME));
    }

    /** This label set with {@code name} set to {@code value}, or removed when the value is empty. */
    public Labels with(String name, String value) {
        int i = Arrays.binarySearch(names, name);
        if (i >= 0) {
            if (value.isEmpty()) {
                return removeAt(i);
            }
            String[] v = values.clone();
            v[i] = value;
            return new Labels(names, v);
        }
        if (value.isEmpty()) {
            return this;
        }
        int at = -i - 1;
        String[] n = new String[names.length + 1];
        String[] v = new String[names.length + 1];
        System.arraycopy(names, 0, n, 0, at);
        System.arraycopy(values, 0, v, 0, at);
        n[at] = name;
        v[at] = value;
        System.arraycopy(names, at, n, at + 1, names.length - at);
        System.arraycopy(values, at, v, at + 1, names.length - at);
        return new Labels(n, v);
    }

    private Labels removeAt(int i) {
        String[] n = new String[names.length - 1];
        String[] v = new String[names.length - 1];
        System.arraycopy(names, 0, n, 0, i);
        System.arraycopy(values, 0, v, 0, i);
        System.arraycopy(names, i + 1, n, i, names.length - i - 1);
        System.arraycopy(values, i + 1, v, i, names.length - i - 1);
        return new Labels(n, v);
    }

    /** Only the labels named in {@code keep}. */
    public Labels only(Collection<String> keep) {
        return filter(keep, true);
    }

    /** All labels except those named in {@code drop}. */
    public Labels without(Collection<String> drop) {
        return filter(drop, false);
    }

    private Labels filter(Collection<String> set, boolean keep) {
        int count = 0;
        boolean[] take = new boolean[names.length];
        for (int i = 0; i < names.length; i++) {
            take[i] = set.contains(names[i]) == keep;
            if (take[i]) {
                count++;
            }
        }
        if (count == names.length) {
            return this;
        }
        String[] n = new String[count];
        String[] v = new String[count];
        int j = 0;
        for (int i = 0; i < names.length; i++) {
            if (take[i]) {
                n[j] = names[i];
                v[j++] = values[i];
            }
        }
        return new Labels(n, v);
    }

    public SortedMap<String, String> toMap() {
        SortedMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], values[i]);
        }
        return map;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof Labels other && hashCode() == other.hashCode() && Arrays.equals(names, other.names)
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    /** Prometheus' label-set order: name by name, then value, shorter set first. */
    @Override
    public int compareTo(Labels o) {
        int n = Math.min(names.length, o.names.length);
        for (int i = 0; i < n; i++) {
            int c = names[i].compareTo(o.names[i]);
            if (c != 0) {
                return c;
            }
            c = values[i].compareTo(o.values[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(names.length, o.names.length);
    }

    /** As Prometheus prints a label set: {@code {__name__="up", job="api"}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(names[i]).append("=\"").append(values[i].replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("\n", "\\n")).append('"');
        }
        return sb.append('}').toString();
    }
}
