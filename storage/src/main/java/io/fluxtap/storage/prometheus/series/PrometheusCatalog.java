package io.fluxtap.storage.prometheus.series;

import io.fluxtap.api.MetricSample;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.ExemplarsJson;
import io.fluxtap.storage.promql.series.LabelMatcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The lookups of Prometheus' metadata endpoints over {@code metric_series}: series, label names, label values,
 * metric metadata, and exemplars from the {@code metrics} view. A bounded time range keeps only series with a
 * sample in it; an unbounded one ({@link TimeRange#ALL}) reads the catalogue alone.
 */
@ApplicationScoped
public class PrometheusCatalog {

    private final DuckDbDatabase database;

    @Inject
    public PrometheusCatalog(DuckDbDatabase database) {
        this.database = database;
    }

    /**
     * The label sets of the series matching any matcher set, sorted as Prometheus sorts them (label by label),
     * at most {@code limit} + 1 of them so the caller can tell a cut result from a complete one.
     */
    public List<SortedMap<String, String>> series(List<List<LabelMatcher>> matcherSets, TimeRange range, int limit) {
        SeriesFilter filter = SeriesFilter.anyOf(matcherSets);
        String sql = "SELECT metric_name, labels FROM metric_series WHERE " + filter.sql() + inRange(range);
        List<SortedMap<String, String>> series = query(sql, filter, parameters(filter.parameters(), range), rs ->
                SeriesRows.labels(rs.getString(1), rs.getObject(2)));
        series.sort(PrometheusCatalog::compareLabelSets);
        return series.size() > limit ? new ArrayList<>(series.subList(0, limit + 1)) : series;
    }

    /** Sorted label names (with {@code __name__}) of the matching series; no matcher sets means all series. */
    public List<String> labelNames(List<List<LabelMatcher>> matcherSets, TimeRange range) {
        SeriesFilter filter = SeriesFilter.anyOf(matcherSets);
        String sql = "SELECT DISTINCT name FROM (SELECT unnest(map_keys(labels)) AS name, "
                + "unnest(map_values(labels)) AS value FROM metric_series WHERE " + filter.sql() + inRange(range)
                + ") WHERE value <> ''";
        List<Object> parameters = parameters(filter.parameters(), range);
        Set<String> names = new TreeSet<>(query(sql, filter, parameters, rs -> rs.getString(1)));
        String any = "SELECT 1 FROM metric_series WHERE " + filter.sql() + inRange(range) + " LIMIT 1";
        if (!query(any, filter, parameters, rs -> rs.getInt(1)).isEmpty()) {
            names.add(LabelMatcher.METRIC_NAME);
        }
        return List.copyOf(names);
    }

    /** Sorted distinct non-empty values of one label over the matching series. */
    public List<String> labelValues(String name, List<List<LabelMatcher>> matcherSets, TimeRange range) {
        SeriesFilter filter = SeriesFilter.anyOf(matcherSets);
        List<String> values;
        if (LabelMatcher.METRIC_NAME.equals(name)) {
            String sql = "SELECT DISTINCT metric_name FROM metric_series WHERE " + filter.sql() + inRange(range);
            values = query(sql, filter, parameters(filter.parameters(), range), rs -> rs.getString(1));
        } else {
            // The label name is the first placeholder in the text.
            List<Object> parameters = new ArrayList<>();
            parameters.add(name);
            parameters.addAll(parameters(filter.parameters(), range));
            String sql = "SELECT DISTINCT value FROM (SELECT labels[?] AS value FROM metric_series WHERE "
                    + filter.sql() + inRange(range) + ") WHERE value <> ''";
            values = query(sql, filter, parameters, rs -> rs.getString(1));
        }
        return List.copyOf(new TreeSet<>(values));
    }

    /**
     * Per metric family (a histogram's {@code _bucket}, {@code _sum}, {@code _count} series and a summary's
     * {@code _sum}, {@code _count} under the family name, as Prometheus' metadata names them) its distinct
     * type/help/unit, families sorted by name.
     *
     * @param metric         only this family, or null for all
     * @param limit          most families, negative for no limit
     * @param limitPerMetric most entries per family, negative for no limit
     */
    public SortedMap<String, List<MetricMetadata>> metadata(String metric, int limit, int limitPerMetric) {
        String sql = "SELECT DISTINCT metric_name, metric_type, coalesce(help, ''), coalesce(unit, '') "
                + "FROM metric_series ORDER BY ALL";
        List<Map.Entry<String, MetricMetadata>> rows = query(sql, SeriesFilter.anyOf(List.of()), List.of(), rs -> Map.entry(family(rs.getString(1), rs.getString(2)),
                        new MetricMetadata(rs.getString(2), rs.getString(3), rs.getString(4))));
        SortedMap<String, Set<MetricMetadata>> families = new TreeMap<>();
        for (Map.Entry<String, MetricMetadata> row : rows) {
            if (metric == null || metric.equals(row.getKey())) {
                families.computeIfAbsent(row.getKey(), k -> new LinkedHashSet<>()).add(row.getValue());
            }
        }
        SortedMap<String, List<MetricMetadata>> result = new TreeMap<>();
        for (Map.Entry<String, Set<MetricMetadata>> family : families.entrySet()) {
            if (limit >= 0 && result.size() >= limit) {
                break;
            }
            List<MetricMetadata> entries = new ArrayList<>(family.getValue());
            if (limitPerMetric >= 0 && entries.size() > limitPerMetric) {
                entries = entries.subList(0, limitPerMetric);
            }
            result.put(family.getKey(), List.copyOf(entries));
        }
        return result;
    }

    /**
     * The exemplars recorded in the range for the series matching any matcher set, each once, oldest first;
     * series without exemplars are left out.
     */
    public List<SeriesExemplars> exemplars(List<List<LabelMatcher>> matcherSets, TimeRange range) {
        SeriesFilter filter = SeriesFilter.anyOf(matcherSets);
        // An exemplar is never younger than the sample carrying it, so rows after the range's end may still
        // hold exemplars inside it: only the start bounds the rows; the exemplars' own times are checked below.
        TimeRange rows = new TimeRange(range.minMs(), Long.MAX_VALUE);
        String sql = "SELECT s.metric_name, s.labels, m.exemplars FROM metrics m JOIN metric_series s USING (series_id)"
                + " WHERE m.exemplars IS NOT NULL AND m.series_id IN (SELECT series_id FROM metric_series WHERE "
                + filter.sql() + ")" + SeriesRows.timeCondition("m.ts", rows)
                + " ORDER BY m.series_id, m.ts";
        Map<SortedMap<String, String>, Set<SeriesExemplars.Exemplar>> bySeries = new LinkedHashMap<>();
        for (ExemplarRow row : query(sql, filter, parameters(filter.parameters(), rows), rs -> new ExemplarRow(
                SeriesRows.labels(rs.getString(1), rs.getObject(2)), rs.getString(3)))) {
            for (MetricSample.Exemplar stored : ExemplarsJson.read(row.json())) {
                long ts = stored.timestamp().toEpochMilli();
                if (ts >= range.minMs() && ts <= range.maxMs()) {
                    bySeries.computeIfAbsent(row.labels(), k -> new LinkedHashSet<>()).add(exemplar(stored, ts));
                }
            }
        }
        List<SeriesExemplars> result = new ArrayList<>();
        bySeries.forEach((labels, exemplars) -> result.add(new SeriesExemplars(labels, List.copyOf(exemplars))));
        return result;
    }

    private record ExemplarRow(SortedMap<String, String> labels, String json) {
    }

    private static SeriesExemplars.Exemplar exemplar(MetricSample.Exemplar stored, long timestampMs) {
        SortedMap<String, String> labels = new TreeMap<>(stored.labels());
        if (stored.traceId() != null) {
            labels.put("trace_id", stored.traceId());
        }
        if (stored.spanId() != null) {
            labels.put("span_id", stored.spanId());
        }
        return new SeriesExemplars.Exemplar(Collections.unmodifiableSortedMap(labels), stored.value(), timestampMs);
    }

    static String family(String metricName, String type) {
        List<String> suffixes = switch (type.toLowerCase(Locale.ROOT)) {
            case "histogram" -> List.of("_bucket", "_sum", "_count");
            case "summary" -> List.of("_sum", "_count");
            default -> List.of();
        };
        for (String suffix : suffixes) {
            if (metricName.endsWith(suffix) && metricName.length() > suffix.length()) {
                return metricName.substring(0, metricName.length() - suffix.length());
            }
        }
        return metricName;
    }

    private static String inRange(TimeRange range) {
        return range.unbounded() ? ""
                : " AND series_id IN (SELECT series_id FROM metrics WHERE TRUE"
                        + SeriesRows.timeCondition("ts", range) + ")";
    }

    private static List<Object> parameters(List<Object> filterParameters, TimeRange range) {
        List<Object> parameters = new ArrayList<>(filterParameters);
        parameters.addAll(SeriesRows.timeParameters(range));
        return parameters;
    }

    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, SeriesFilter filter, List<Object> parameters, RowReader<T> reader) {
        return database.query(handle -> {
            Connection connection = handle.getConnection();
            filter.checkPatterns(connection);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                SeriesRows.bind(statement, 1, parameters);
                List<T> rows = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rows.add(reader.read(rs));
                    }
                }
                return rows;
            } catch (SQLException e) {
                throw SqlErrors.translate(e);
            }
        });
    }

    /** Prometheus orders series by their label pairs, name then value, label after label. */
    static int compareLabelSets(SortedMap<String, String> a, SortedMap<String, String> b) {
        var left = a.entrySet().iterator();
        var right = b.entrySet().iterator();
        while (left.hasNext() && right.hasNext()) {
            Map.Entry<String, String> l = left.next();
            Map.Entry<String, String> r = right.next();
            int byName = l.getKey().compareTo(r.getKey());
            if (byName != 0) {
                return byName;
            }
            int byValue = l.getValue().compareTo(r.getValue());
            if (byValue != 0) {
                return byValue;
            }
        }
        return Boolean.compare(left.hasNext(), right.hasNext());
    }
}
