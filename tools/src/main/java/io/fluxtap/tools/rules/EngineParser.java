package io.fluxtap.tools.rules;

import io.fluxtap.api.PromqlQueries;
import io.fluxtap.api.QueryException;
import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.parse.Parser;

import java.time.Duration;
import java.time.Instant;

/**
 * The PromQL port for checking rule files without a server: {@link #parse} over the engine's parser (as the
 * server's EnginePromqlQueries parses); there is no data to query.
 */
final class EngineParser implements PromqlQueries {

    @Override
    public void parse(String expr) {
        try {
            Parser.parse(expr);
        } catch (PromqlException e) {
            throw new QueryException(QueryException.Kind.BAD_DATA, e.getMessage(), e);
        }
    }

    @Override
    public Vector instant(String expr, Instant at) {
        throw new UnsupportedOperationException("rules check evaluates nothing");
    }

    @Override
    public Matrix range(String expr, Instant start, Instant end, Duration step) {
        throw new UnsupportedOperationException("rules check evaluates nothing");
    }
}
