package io.fluxtap.storage.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.storage.query.filter.TimeLiterals;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The query parameters both history resources share, and their answers. Every problem is a 400 naming the parameter. */
final class HistoryParams {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private HistoryParams() {
    }

    static Instant time(String name, String value) {
        return value == null || value.isBlank() ? null : TimeLiterals.parse(name, value);
    }

    static void requireOrdered(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to, was from=" + from + " to=" + to);
        }
    }

    static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("limit must be a whole number between 1 and " + MAX_LIMIT + ", was '"
                + value + "'");
    }

    static String text(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** Repeated parameters and comma-separated lists alike, each value checked by {@code check}. */
    static Set<String> list(List<String> values, UnaryOperator<String> check) {
        Set<String> out = new LinkedHashSet<>();
        if (values != null) {
            for (String value : values) {
                for (String part : value.split(",")) {
                    if (!part.isBlank()) {
                        out.add(check.apply(part.strip()));
                    }
                }
            }
        }
        return out;
    }

    static Response ok(String field, HistoryQuery.Page page) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode items = body.putArray(field);
        page.items().forEach(items::add);
        body.put("count", page.items().size());
        body.put("next_cursor", page.next() == null ? null : page.next().encode());
        return Response.ok(body.toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    static Response badRequest(String message) {
        ObjectNode body = JSON.createObjectNode().put("error", message);
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body.toString()).build();
    }
}
