package io.fluxtap.api.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which scope an HTTP request needs, from its method and path: a table of rules, the longest matching path wins.
 * A path no rule names needs {@link Scope#ADMIN}, so a route added without a rule is closed to every token but the
 * administrator's (fail closed), and so is any path with an empty, {@code .} or {@code ..} segment, whatever a
 * router might make of it later.
 *
 * <pre>{@code
 * RouteScopes routes = RouteScopes.server(true);
 * routes.needed("GET", "/api/v1/logs");      // Optional[READ]
 * routes.needed("GET", "/health/live");      // Optional.empty(): open
 * routes.needed("POST", "/api/v1/unknown");  // Optional[ADMIN]
 * }</pre>
 *
 * @param rules in any order; the most specific match is taken
 */
public record RouteScopes(List<Rule> rules) {

    /**
     * @param method  upper-case method, or {@code *} for any; HEAD requests are matched as GET
     * @param path    the path, without a trailing {@code /}
     * @param prefix  true when the rule covers every path below {@code path} too
     * @param scope   what the route needs; null when it is open to requests without a token
     */
    public record Rule(String method, String path, boolean prefix, Scope scope) {

        public Rule {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
        }

        boolean matches(String requestMethod, String requestPath) {
            if (!method.equals("*") && !method.equals(requestMethod)) {
                return false;
            }
            if (requestPath.equals(path)) {
                return true;
            }
            return prefix && requestPath.startsWith(path.equals("/") ? "/" : path + "/");
        }
    }

    public RouteScopes {
        rules = List.copyOf(rules);
    }

    /**
     * The server's table: every route of the API and OTLP/HTTP sockets. The table-driven end-to-end test
     * ({@code AccessControlEndToEndTest}) holds every JAX-RS route to it.
     *
     * @param metricsOpen {@code fluxtap.auth.metrics-open}: {@code GET /metrics} without a token; else it needs read
     */
    public static RouteScopes server(boolean metricsOpen) {
        List<Rule> rules = new ArrayList<>();
        // Open: probes, and the index page, which only lists links.
        rules.add(new Rule("GET", "/health/live", false, null));
        rules.add(new Rule("GET", "/health/ready", false, null));
        rules.add(new Rule("GET", "/", false, null));
        rules.add(new Rule("GET", "/metrics", false, metricsOpen ? null : Scope.READ));
        // Ingest: OTLP/HTTP, remote_write, business messages.
        for (String signal : List.of("/v1/traces", "/v1/logs", "/v1/metrics")) {
            rules.add(new Rule("POST", signal, false, Scope.INGEST));
        }
        rules.add(new Rule("POST", "/api/v1/write", false, Scope.INGEST));
        rules.add(new Rule("POST", "/api/v1/messages", true, Scope.INGEST));
        // Read: the query APIs. Prometheus' query API takes POST for long queries, the SQL console POSTs its text.
        for (String path : List.of("/api/v1/logs", "/api/v1/traces", "/api/v1/metrics", "/api/v1/messages",
                "/api/v1/alerts/history", "/api/v1/notifications", "/api/v1/monitoring", "/api/v1/levels",
                "/prometheus/api/v1", "/alertmanager/api/v2")) {
            rules.add(new Rule("GET", path, true, Scope.READ));
        }
        rules.add(new Rule("POST", "/prometheus/api/v1", true, Scope.READ));
        rules.add(new Rule("POST", "/api/v1/sql", false, Scope.READ));
        // Write: alerts, silences, levels.
        rules.add(new Rule("POST", "/alertmanager/api/v2/alerts", false, Scope.WRITE));
        rules.add(new Rule("POST", "/alertmanager/api/v2/silences", false, Scope.WRITE));
        rules.add(new Rule("DELETE", "/alertmanager/api/v2/silence", true, Scope.WRITE));
        rules.add(new Rule("PUT", "/api/v1/levels", true, Scope.WRITE));
        rules.add(new Rule("DELETE", "/api/v1/levels", true, Scope.WRITE));
        // Admin, named although it is the default, so the table reads whole.
        rules.add(new Rule("*", "/api/v1/tokens", true, Scope.ADMIN));
        rules.add(new Rule("*", "/api/v1/users", true, Scope.ADMIN));
        rules.add(new Rule("*", "/api/v1/loggers", true, Scope.ADMIN));
        rules.add(new Rule("*", "/-/reload", false, Scope.ADMIN));
        rules.add(new Rule("*", "/api/v1/admin", true, Scope.ADMIN));
        return new RouteScopes(rules);
    }

    /**
     * @param method the request's method
     * @param path   the request's decoded path
     * @return the scope needed; empty when the route is open
     */
    public Optional<Scope> needed(String method, String path) {
        String m = method.toUpperCase(Locale.ROOT);
        if (m.equals("HEAD")) {
            m = "GET";
        }
        if (path == null || !path.startsWith("/") || suspicious(path)) {
            return Optional.of(Scope.ADMIN);
        }
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        Rule best = null;
        for (Rule rule : rules) {
            if (rule.matches(m, p) && (best == null || rule.path().length() > best.path().length()
                    || (rule.path().length() == best.path().length() && !rule.method().equals("*")))) {
                best = rule;
            }
        }
        if (best == null) {
            return Optional.of(Scope.ADMIN);
        }
        return Optional.ofNullable(best.scope());
    }

    /** A segment a router might resolve (or refuse) differently from the table: {@code //}, {@code /./}, {@code /../}. */
    private static boolean suspicious(String path) {
        String inner = path.length() > 1 && path.endsWith("/") ? path.substring(1, path.length() - 1) : path.substring(1);
        if (inner.isEmpty()) {
            return false;
        }
        for (String segment : inner.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
