package io.fluxtap.alerting.rules;

import io.fluxtap.api.SqlQueries;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Fluxtap's {@code sql:} rule: a read-only statement through the {@link SqlQueries} port (the SQL console's guard
 * and limits). Its rows become samples: every VARCHAR column is a label (NULL: absent), except the column
 * {@code value} (the sample's value, a number) and columns named {@code sample_...} (evidence only); rows with the
 * same labels are one sample, with the first such row's value (the statement's order decides) and up to
 * {@code maxSampleRows} of the rows, every column, for the templates' {@code sampleRows}. The statement reads the data
 * as it is when it runs: a group's {@code query_offset} does not shift it (SQL has no evaluation time; write the
 * window into the statement).
 *
 * @param timeout       the statement's time limit (the group's interval), below the console's own
 * @param maxSampleRows rows kept per sample ({@code fluxtap.alerting.sql-sample-rows})
 */
public record SqlRuleQuery(SqlQueries sql, String statement, Duration timeout, int maxSampleRows)
        implements RuleQuery {

    static final String VALUE = "value";
    private static final String EVIDENCE_PREFIX = "sample_";

    public SqlRuleQuery {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(timeout, "timeout");
        if (maxSampleRows < 0) {
            throw new IllegalArgumentException("maxSampleRows must not be negative, was " + maxSampleRows);
        }
    }

    @Override
    public List<QueriedSample> run(Instant at) {
        SqlQueries.Result result = sql.query(statement, timeout);
        int valueColumn = result.columnIndex(VALUE);
        if (valueColumn < 0) {
            throw new RuleEvaluationException("the statement has no column \"value\" (columns: "
                    + result.columns().stream().map(SqlQueries.Column::name).toList() + ")");
        }
        List<Integer> labelColumns = new ArrayList<>();
        for (int i = 0; i < result.columns().size(); i++) {
            SqlQueries.Column c = result.columns().get(i);
            if (i != valueColumn && "VARCHAR".equals(c.type()) && !c.name().startsWith(EVIDENCE_PREFIX)) {
                labelColumns.add(i);
            }
        }
        Map<Map<String, String>, Builder> samples = new LinkedHashMap<>();
        int rowNumber = 0;
        for (List<Object> row : result.rows()) {
            rowNumber++;
            Map<String, String> labels = new TreeMap<>();
            for (int i : labelColumns) {
                Object v = row.get(i);
                if (v != null && !v.toString().isEmpty()) {
                    labels.put(result.columns().get(i).name(), v.toString());
                }
            }
            double value = number(row.get(valueColumn), result.columns().get(valueColumn), rowNumber);
            Builder sample = samples.computeIfAbsent(labels, l -> new Builder(value));
            if (sample.rows.size() < maxSampleRows) {
                Map<String, Object> columns = new LinkedHashMap<>();
                for (int i = 0; i < result.columns().size(); i++) {
                    columns.put(result.columns().get(i).name(), row.get(i));
                }
                sample.rows.add(columns);
            }
        }
        List<QueriedSample> out = new ArrayList<>(samples.size());
        samples.forEach((labels, b) -> out.add(new QueriedSample(labels, b.value, b.rows)));
        return out;
    }

    private static double number(Object value, SqlQueries.Column column, int row) {
        return switch (value) {
            case null -> throw new RuleEvaluationException("column \"value\" is NULL in row " + row);
            case Double d -> d;
            case Long l -> l;
            case BigInteger b -> b.doubleValue();
            case BigDecimal b -> b.doubleValue();
            case Number n -> n.doubleValue();
            default -> throw new RuleEvaluationException("column \"value\" is not numeric (" + column.type()
                    + ") in row " + row + ": " + value);
        };
    }

    @Override
    public String text() {
        return statement;
    }

    private static final class Builder {
        final double value;
        final List<Map<String, Object>> rows = new ArrayList<>();

        Builder(double value) {
            this.value = value;
        }
    }
}
