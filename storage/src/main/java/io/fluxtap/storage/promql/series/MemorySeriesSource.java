package io.fluxtap.storage.promql.series;

import io.fluxtap.api.MetricSample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Series held in memory, for the PromQL test-file runner ({@code fluxtap promql-test}, module tools) and tests.
 * Series that also hold native-histogram samples (which this engine does not evaluate) are remembered, so a caller
 * can tell when a query read one.
 */
public final class MemorySeriesSource implements SeriesSource {

    private final Map<SortedMap<String, String>, TreeMap<Long, Double>> series = new ConcurrentHashMap<>();
    /**
     * The same series by label name and value (the metric name included): an equality matcher picks its postings, so
     * a selector reads the series it names instead of every series. Matching every series against every selector was
     * about 80 % of the CPU time of a round of 1,000 alerting rules over 10,000 series (BENCHMARKS.md, section 12).
     */
    private final Map<String, Map<String, Map<SortedMap<String, String>, TreeMap<Long, Double>>>> postings =
            new ConcurrentHashMap<>();
    private final Map<SortedMap<String, String>, Boolean> histogramSeries = new ConcurrentHashMap<>();
    private volatile boolean histogramSelected;

    public void add(Map<String, String> labels, long timeMs, double value) {
        seriesOf(normalize(labels)).put(timeMs, value);
    }

    /** Adds decoded samples (their labels without {@code __name__}), as a store's writer hands them over. */
    public void addAll(List<MetricSample> samples) {
        for (MetricSample s : samples) {
            Map<String, String> labels = new TreeMap<>(s.labels());
            labels.put("__name__", s.name());
            add(labels, s.timestamp().toEpochMilli(), s.value());
        }
    }

    /** Notes that the series also has native-histogram samples. */
    public void markHistogram(Map<String, String> labels) {
        SortedMap<String, String> key = normalize(labels);
        seriesOf(key);
        histogramSeries.put(key, true);
    }

    private TreeMap<Long, Double> seriesOf(SortedMap<String, String> key) {
        return series.computeIfAbsent(key, l -> {
            TreeMap<Long, Double> samples = new TreeMap<>();
            l.forEach((name, value) -> postings.computeIfAbsent(name, n -> new ConcurrentHashMap<>())
                    .computeIfAbsent(value, v -> new ConcurrentHashMap<>()).put(l, samples));
            return samples;
        });
    }

    public void clear() {
        series.clear();
        postings.clear();
        histogramSeries.clear();
    }

    /** Whether a select since the last reset returned, or would have returned, a series with histogram samples. */
    public boolean histogramSelected() {
        return histogramSelected;
    }

    public void resetHistogramSelected() {
        histogramSelected = false;
    }

    private static SortedMap<String, String> normalize(Map<String, String> labels) {
        SortedMap<String, String> sorted = new TreeMap<>();
        labels.forEach((k, v) -> {
            if (!v.isEmpty()) {
                sorted.put(k, v);
            }
        });
        return Collections.unmodifiableSortedMap(sorted);
    }

    @Override
    public List<StoredSeries> select(List<LabelMatcher> matchers, long minTimeMs, long maxTimeMs) {
        CompiledMatchers compiled = CompiledMatchers.of(matchers);
        List<StoredSeries> out = new ArrayList<>();
        for (Map.Entry<SortedMap<String, String>, TreeMap<Long, Double>> e : candidates(matchers).entrySet()) {
            if (!compiled.matches(e.getKey())) {
                continue;
            }
            if (!histogramSeries.isEmpty() && histogramSeries.containsKey(e.getKey())) {
                histogramSelected = true;
            }
            SortedMap<Long, Double> range = e.getValue().subMap(minTimeMs, true, maxTimeMs, true);
            if (range.isEmpty()) {
                continue;
            }
            long[] ts = new long[range.size()];
            double[] vs = new double[range.size()];
            int i = 0;
            for (Map.Entry<Long, Double> p : range.entrySet()) {
                ts[i] = p.getKey();
                vs[i++] = p.getValue();
            }
            out.add(new StoredSeries(e.getKey(), ts, vs));
        }
        return out;
    }

    /** The fewest series an equality matcher with a value names (the matchers still apply to each), else all. */
    private Map<SortedMap<String, String>, TreeMap<Long, Double>> candidates(List<LabelMatcher> matchers) {
        Map<SortedMap<String, String>, TreeMap<Long, Double>> fewest = series;
        for (LabelMatcher m : matchers) {
            if (m.type() == LabelMatcher.Type.EQUAL && !m.value().isEmpty()) {
                Map<SortedMap<String, String>, TreeMap<Long, Double>> named =
                        postings.getOrDefault(m.name(), Map.of()).getOrDefault(m.value(), Map.of());
                if (named.size() < fewest.size()) {
                    fewest = named;
                }
            }
        }
        return fewest;
    }
}
