package io.fluxtap.storage.prometheus.api;

import io.fluxtap.storage.promql.PromqlEngine;
import io.fluxtap.storage.promql.eval.PromqlEvaluator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The one PromQL engine of the server: the API, the dashboard and the rule evaluator share it. */
@ApplicationScoped
public class PromqlEngineProducer {

    @Produces
    @ApplicationScoped
    PromqlEngine engine(PromqlSettings settings) {
        return new PromqlEvaluator(settings.seriesSource(), settings.limits());
    }
}
