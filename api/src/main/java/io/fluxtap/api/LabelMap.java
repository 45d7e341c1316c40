package io.fluxtap.api;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.BiConsumer;
import java.util.function.ToLongBiFunction;

/**
 * An immutable map of label names to values, iterated in name order, as a {@link MetricSample}'s labels are.
 * <p>
 * Every sample of every series carries its labels through the ingest path (relabelling, masking, the series id, the
 * head block), and a {@code TreeMap} copy per sample, hashed and iterated again at each stage, was a large share of
 * a scrape's CPU and allocation (BENCHMARKS.md section 21). This map is two arrays: copying it is free ({@link
 * #copyOf} returns the same instance), iterating allocates nothing ({@link #forEach}), its hash code is computed
 * once, and a scraper that keeps one per series hands the same instance to every sample of it.
 * Equal to any other {@link Map} with the same entries, as the {@code Map} contract says.
 */
public final class LabelMap extends AbstractMap<String, String> {

    public static final LabelMap EMPTY = new LabelMap(new String[0], new String[0]);

    private final String[] names;
    private final String[] values;
    /** 0 until computed; a map whose hash is 0 computes it every time, which is only slower. */
    private int hash;
    /** The last series id derived from this map; a record so that another thread sees it whole or not at all. */
    private SeriesIdMemo seriesId;

    private record SeriesIdMemo(String name, long id) {
    }

    private LabelMap(String[] names, String[] values) {
        this.names = names;
        this.values = values;
    }

    /**
     * The labels as a {@code LabelMap}: the same instance when they are one already.
     *
     * @throws NullPointerException for a null name or value
     */
    public static LabelMap copyOf(Map<String, String> labels) {
        if (labels instanceof LabelMap map) {
            return map;
        }
        int size = labels.size();
        if (size == 0) {
            return EMPTY;
        }
        String[] names = new String[size];
        String[] values = new String[size];
        int i = 0;
        for (Map.Entry<String, String> entry : labels.entrySet()) {
            names[i] = Objects.requireNonNull(entry.getKey(), "label name");
            values[i] = Objects.requireNonNull(entry.getValue(), "label value");
            i++;
        }
        boolean sorted = labels instanceof SortedMap<String, String> s && s.comparator() == null;
        if (!sorted) {
            sortByName(names, values);
        }
        return new LabelMap(names, values);
    }

    /** Insertion sort: label sets are small, and the two arrays move together. */
    private static void sortByName(String[] names, String[] values) {
        for (int i = 1; i < names.length; i++) {
            String name = names[i];
            String value = values[i];
            int j = i - 1;
            while (j >= 0 && names[j].compareTo(name) > 0) {
                names[j + 1] = names[j];
                values[j + 1] = values[j];
                j--;
            }
            names[j + 1] = name;
            values[j + 1] = value;
        }
    }

    /**
     * The series id of the metric {@code name} with these labels, remembered with the map: a scraper hands one map to
     * every sample of a series, so the id (a SHA-256, the storage's business) is computed once per series instead of
     * once per sample. {@code derive} must be the same function on every call; the storage's series id is the only
     * one there is.
     */
    public long seriesId(String name, ToLongBiFunction<String, LabelMap> derive) {
        SeriesIdMemo memo = seriesId;
        if (memo != null && memo.name().equals(name)) {
            return memo.id();
        }
        long id = derive.applyAsLong(name, this);
        seriesId = new SeriesIdMemo(name, id);
        return id;
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String name && Arrays.binarySearch(names, name) >= 0;
    }

    @Override
    public String get(Object key) {
        if (!(key instanceof String name)) {
            return null;
        }
        int i = Arrays.binarySearch(names, name);
        return i >= 0 ? values[i] : null;
    }

    /** In name order, with no entry objects. */
    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
        for (int i = 0; i < names.length; i++) {
            action.accept(names[i], values[i]);
        }
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < names.length;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (next >= names.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return names.length;
            }
        };
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            for (int i = 0; i < names.length; i++) {
                h += names[i].hashCode() ^ values[i].hashCode();
            }
            hash = h;
        }
        return h;
    }

    @Override
    public boolean equals(Object other) {
        if (other == this) {
            return true;
        }
        if (other instanceof LabelMap map) {
            return hashCode() == map.hashCode() && Arrays.equals(names, map.names) && Arrays.equals(values, map.values);
        }
        return super.equals(other);
    }
}
