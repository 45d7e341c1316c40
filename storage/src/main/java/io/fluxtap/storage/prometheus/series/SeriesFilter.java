package io.fluxtap.storage.prometheus.series;

import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.series.LabelMatcher;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import java.util.ArrayList;
import java.util.List;

/**
 * A SQL condition over {@code metric_series} (alias-free) that holds for the series matching any of the given
 * matcher sets, with its values as positional parameters. Only fixed fragments go into the SQL text.
 *
 * <p>Prometheus' semantics: {@code __name__} is the metric name; a label the series lacks is the empty string;
 * a regex matches the whole value with {@code .} matching newlines too, as Prometheus compiles
 * {@code ^(?s:re)$} (DuckDB's {@code regexp_full_match} is anchored; RE2 takes the same syntax as Go).
 */
record SeriesFilter(String sql, List<Object> parameters, List<String> patterns) {

    static SeriesFilter anyOf(List<List<LabelMatcher>> matcherSets) {
        if (matcherSets.isEmpty()) {
            return new SeriesFilter("TRUE", List.of(), List.of());
        }
        List<String> alternatives = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        for (List<LabelMatcher> set : matcherSets) {
            List<String> conditions = new ArrayList<>();
            for (LabelMatcher matcher : set) {
                conditions.add(condition(matcher, parameters));
                if (matcher.type() == LabelMatcher.Type.REGEX || matcher.type() == LabelMatcher.Type.NOT_REGEX) {
                    patterns.add(anchoredPattern(matcher.value()));
                }
            }
            alternatives.add(conditions.isEmpty() ? "TRUE" : "(" + String.join(" AND ", conditions) + ")");
        }
        return new SeriesFilter("(" + String.join(" OR ", alternatives) + ")", List.copyOf(parameters),
                List.copyOf(patterns));
    }

    static SeriesFilter allOf(List<LabelMatcher> matchers) {
        return anyOf(List.of(matchers));
    }

    private static String condition(LabelMatcher matcher, List<Object> parameters) {
        String value;
        if (LabelMatcher.METRIC_NAME.equals(matcher.name())) {
            value = "metric_name";
        } else {
            value = "coalesce(labels[?], '')";
            parameters.add(matcher.name());
        }
        return switch (matcher.type()) {
            case EQUAL -> {
                parameters.add(matcher.value());
                yield value + " = ?";
            }
            case NOT_EQUAL -> {
                parameters.add(matcher.value());
                yield value + " <> ?";
            }
            case REGEX -> {
                parameters.add(anchoredPattern(matcher.value()));
                yield "regexp_full_match(" + value + ", ?)";
            }
            case NOT_REGEX -> {
                parameters.add(anchoredPattern(matcher.value()));
                yield "NOT regexp_full_match(" + value + ", ?)";
            }
        };
    }

    /**
     * Fails with bad_data, naming the regex, when RE2 refuses one of the patterns: tried on their own first, so
     * a broken regex is told apart from a failing store.
     */
    void checkPatterns(Connection connection) {
        for (String pattern : patterns) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT regexp_full_match('', ?)")) {
                statement.setString(1, pattern);
                // DuckDB may compile a bound pattern only when the first row is produced.
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                }
            } catch (SQLException e) {
                String reason = String.valueOf(e.getMessage()).replaceFirst("^Invalid Input Error: ", "");
                throw new PromqlException(PromqlException.ErrorType.BAD_DATA,
                        "invalid regular expression " + pattern.substring(4, pattern.length() - 1) + ": " + reason);
            }
        }
    }

    /** regexp_full_match anchors both ends itself; the group keeps alternations such as a|b inside the anchors. */
    private static String anchoredPattern(String regex) {
        return "(?s:" + regex + ")";
    }
}
