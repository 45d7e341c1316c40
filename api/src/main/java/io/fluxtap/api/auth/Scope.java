package io.fluxtap.api.auth;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an API token may do. Scopes are independent: none implies another, so a sender's {@code ingest} token cannot
 * read what it sent and the bootstrap {@code admin} token manages tokens, loggers and reloads but reads no data.
 */
public enum Scope {
    /** OTLP over HTTP and gRPC, Prometheus remote_write, the messages API. */
    INGEST,
    /** Queries: logs, traces, metrics, messages, PromQL, SQL, the Alertmanager API's GETs, history, monitoring. */
    READ,
    /** Changes: alerts, silences, levels. */
    WRITE,
    /** Tokens, Fluxtap's own loggers, configuration reload, and every route the route table does not name. */
    ADMIN;

    /** The name as written in requests, the CLI and the README ({@code ingest}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the scopes there are, for an unknown one */
    public static Scope parse(String text) {
        String name = text == null ? "" : text.trim();
        for (Scope scope : values()) {
            if (scope.label().equals(name.toLowerCase(Locale.ROOT))) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown scope '" + name + "' (scopes: " + labels(EnumSet.allOf(Scope.class))
                + ")");
    }

    /** Comma-separated scopes ({@code ingest,read}); at least one. */
    public static Set<Scope> parseList(String text) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String item : (text == null ? "" : text).split(",")) {
            if (!item.isBlank()) {
                scopes.add(parse(item));
            }
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("at least one scope is needed (scopes: "
                    + labels(EnumSet.allOf(Scope.class)) + ")");
        }
        return scopes;
    }

    /** {@code ingest,read} in declaration order. */
    public static String labels(Set<Scope> scopes) {
        return Arrays.stream(values()).filter(scopes::contains).map(Scope::label).collect(Collectors.joining(","));
    }
}
