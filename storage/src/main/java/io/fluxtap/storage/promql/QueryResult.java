package io.fluxtap.storage.promql;

import java.util.List;
import java.util.SortedMap;

/** The value of a PromQL expression, in the four types Prometheus' API answers with. */
public sealed interface QueryResult {

    /** {@code resultType: scalar}. */
    record Scalar(long timestampMs, double value) implements QueryResult {}

    /** {@code resultType: string}. */
    record StringValue(long timestampMs, String value) implements QueryResult {}

    /** {@code resultType: vector}: the result of an instant query. Labels include {@code __name__} when kept. */
    record InstantVector(List<Sample> samples) implements QueryResult {}

    /** {@code resultType: matrix}: a range query's result, or a range vector selector's in an instant query. */
    record RangeMatrix(List<Series> series) implements QueryResult {}

    record Sample(SortedMap<String, String> labels, long timestampMs, double value) {}

    record Series(SortedMap<String, String> labels, long[] timestampsMs, double[] values) {}
}
