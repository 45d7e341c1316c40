package io.fluxtap.storage.prometheus.api;

import io.fluxtap.api.QueryException;
import io.fluxtap.api.QueryException.Kind;
import io.fluxtap.api.SeriesCatalog;
import io.fluxtap.storage.prometheus.series.PrometheusCatalog;
import io.fluxtap.storage.prometheus.series.TimeRange;
import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.series.LabelMatcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.function.Supplier;

/**
 * api's {@link SeriesCatalog} over the catalogue queries the HTTP API's {@code /label/...} endpoints answer from, so
 * the dashboard's completion and Grafana's see the same names. Unbounded in time: the catalogue alone is read.
 */
@ApplicationScoped
public class CatalogSeriesCatalog implements SeriesCatalog {

    private final PrometheusCatalog catalog;

    @Inject
    public CatalogSeriesCatalog(PrometheusCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public List<String> metricNames() {
        return read(() -> catalog.labelValues(LabelMatcher.METRIC_NAME, List.of(), TimeRange.ALL));
    }

    @Override
    public List<String> labelNames(String metric) {
        return read(() -> catalog.labelNames(only(metric), TimeRange.ALL).stream()
                .filter(name -> !LabelMatcher.METRIC_NAME.equals(name)).toList());
    }

    @Override
    public List<String> labelValues(String metric, String label) {
        return read(() -> catalog.labelValues(label, only(metric), TimeRange.ALL));
    }

    private static List<List<LabelMatcher>> only(String metric) {
        return List.of(List.of(new LabelMatcher(LabelMatcher.METRIC_NAME, LabelMatcher.Type.EQUAL, metric)));
    }

    private static List<String> read(Supplier<List<String>> lookup) {
        try {
            return lookup.get();
        } catch (PromqlException e) {
            throw new QueryException(Kind.INTERNAL, e.getMessage(), e);
        }
    }
}
