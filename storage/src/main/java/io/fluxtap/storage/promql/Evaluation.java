package io.fluxtap.storage.promql;

import java.util.List;

/**
 * A query's result with the annotations Prometheus returns beside it ({@code warnings}, {@code infos}), e.g.
 * "PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket".
 */
public record Evaluation(QueryResult result, List<String> warnings, List<String> infos) {

    public Evaluation {
        warnings = List.copyOf(warnings);
        infos = List.copyOf(infos);
    }
}
