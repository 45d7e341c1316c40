package io.fluxtap.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RouteScopesTest {

    private final RouteScopes routes = RouteScopes.server(true);

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "GET, /health/live, open",
            "GET, /health/ready, open",
            "HEAD, /health/ready, open",
            "GET, /, open",
            "GET, /metrics, open",
            "POST, /v1/logs, ingest",
            "POST, /api/v1/write, ingest",
            "POST, /api/v1/messages/fluxSpec/visa-v1, ingest",
            "GET, /api/v1/messages/fluxSpec/visa-v1, read",
            "GET, /api/v1/logs, read",
            "GET, /api/v1/logs/tail, read",
            "POST, /api/v1/sql, read",
            "POST, /prometheus/api/v1/query, read",
            "GET, /alertmanager/api/v2/silences, read",
            "POST, /alertmanager/api/v2/silences, write",
            "DELETE, /alertmanager/api/v2/silence/abc, write",
            "PUT, /api/v1/levels/checkout, write",
            "GET, /api/v1/levels/checkout, read",
            "GET, /api/v1/loggers, admin",
            "POST, /api/v1/tokens, admin",
            "DELETE, /api/v1/tokens/ci, admin",
            "POST, /api/v1/users, admin",
            "DELETE, /api/v1/users/alice, admin",
            "POST, /-/reload, admin",
            "POST, /api/v1/admin/backup, admin",
            // Fail closed: what the table does not name, and paths a router could resolve elsewhere.
            "GET, /api/v1/unknown, admin",
            "GET, /health, admin",
            "GET, /observe/helidon-metrics, admin",
            "POST, /api/v1/logs, admin",
            "GET, /health/live/../../api/v1/tokens, admin",
            "GET, /api/v1//tokens, admin",
            "GET, /api/v1/./logs, admin",
            "GET, /api/v1/logsx, admin",
            "GET, /-/reload, admin",
    })
    void eachRouteNeedsItsScope(String method, String path, String expected) {
        Optional<Scope> needed = routes.needed(method, path);
        assertEquals(expected, needed.map(Scope::label).orElse("open"), method + " " + path);
    }

    @Test
    void metricsNeedReadWhenNotOpen() {
        assertEquals(Optional.of(Scope.READ), RouteScopes.server(false).needed("GET", "/metrics"));
        assertEquals(Optional.empty(), RouteScopes.server(false).needed("GET", "/health/live"));
    }

    @Test
    void scopesParseAndPrintInOrder() {
        assertEquals(EnumSet.of(Scope.INGEST, Scope.READ), Scope.parseList(" read, ingest,read"));
        assertEquals("ingest,read", Scope.labels(Scope.parseList("READ,ingest")));
        assertEquals("unknown scope 'root' (scopes: ingest,read,write,admin)",
                assertThrows(IllegalArgumentException.class, () -> Scope.parseList("read,root")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Scope.parseList(" , "));
    }
}
