package io.fluxtap.storage.prometheus.api;

import io.fluxtap.api.Labels;
import io.fluxtap.api.PromqlQueries;
import io.fluxtap.api.SqlQueries;
import io.fluxtap.storage.sql.ConsoleSqlQueries;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The query ports resolve by their api interfaces in the module's CDI container, as alerting will inject them:
 * one bean each, the storage implementations, and they answer.
 */
@HelidonTest
@AddConfig(key = "fluxtap.data.dir", value = "target/query-ports-cdi-test")
class QueryPortsCdiTest {

    @Inject
    PromqlQueries promql;

    @Inject
    SqlQueries sql;

    @Test
    void thePortsResolveByTheirApiInterfacesAndAnswer() {
        Instant at = Instant.parse("2026-11-22T10:00:00Z");
        assertEquals(List.of(new PromqlQueries.Sample(Labels.EMPTY, at, 2)), promql.instant("1 + 1", at).samples());
        assertEquals(List.of(List.of(42L)), sql.query("SELECT 42::BIGINT AS answer", Duration.ofSeconds(10)).rows());

        assertTrue(CDI.current().select(PromqlQueries.class).isResolvable());
        assertEquals(EnginePromqlQueries.class, unproxied(CDI.current().select(PromqlQueries.class).get().getClass()));
        assertEquals(ConsoleSqlQueries.class, unproxied(CDI.current().select(SqlQueries.class).get().getClass()));
    }

    /** Weld's client proxy of an application-scoped bean subclasses the bean class. */
    private static Class<?> unproxied(Class<?> type) {
        return type.getName().contains("$") ? type.getSuperclass() : type;
    }
}
