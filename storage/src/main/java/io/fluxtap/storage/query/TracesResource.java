package io.fluxtap.storage.query;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/traces/{traceId}} (one trace as a tree, with its logs and messages) and
 * {@code GET /api/v1/traces} (trace search); see {@link TracesJson} for the shapes. Like {@link LogsResource} it
 * writes its JSON with Jackson itself.
 */
@Path("/api/v1/traces")
@ApplicationScoped
public class TracesResource {

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)?");
    private static final List<String> STATUSES = List.of("unset", "ok", "error");

    private final DuckDbTraceQuery traceQuery;
    private final DuckDbMessageQuery messageQuery;

    @Inject
    public TracesResource(DuckDbTraceQuery traceQuery, DuckDbMessageQuery messageQuery) {
        this.traceQuery = traceQuery;
        this.messageQuery = messageQuery;
    }

    /**
     * 200 with the trace (spans flat and as a tree, logs and messages with the same trace id); 404 when no span
     * has the id; 400 when the id is not 32 hex characters. Errors are {@code {"error":"..."}}.
     */
    @GET
    @Path("/{traceId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response trace(@PathParam("traceId") String traceId) {
        if (!TRACE_ID.matcher(traceId).matches()) {
            return error(Response.Status.BAD_REQUEST, "a trace id is 32 hex characters, was '"
                    + (traceId.length() > 64 ? traceId.substring(0, 64) + "..." : traceId) + "'");
        }
        // Ids are stored in lowercase, as W3C traceparent and OTLP/JSON write them.
        String id = traceId.toLowerCase(Locale.ROOT);
        List<DuckDbTraceQuery.StoredSpan> spans = traceQuery.trace(id);
        if (spans.isEmpty()) {
            return error(Response.Status.NOT_FOUND, "no spans stored for trace " + id);
        }
        return Response.ok(TracesJson.trace(id, spans, traceQuery.logs(id), messageQuery.byTrace(id)),
                MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * 200 with {@code {"traces":[...],"count":N,"total":T,"next_cursor":...}}, newest first ({@code total}:
     * every trace the search matches, hot and warehouse, not only this page's); {@code cursor} (the
     * {@code next_cursor} of the page before, null on the last page) goes on after the page before. {@code service}, {@code operation},
     * {@code status} (unset, ok, error) and every {@code attr=key=value} must hold for one span of the trace;
     * {@code from}/{@code to} bound that span's start; {@code min_duration}/{@code max_duration} (e.g. 250ms,
     * 1.5s, 2m, or nanoseconds) bound the trace's duration; {@code limit} 1 to 1000, default 20.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response search(@QueryParam("service") String service,
                           @QueryParam("operation") String operation,
                           @QueryParam("min_duration") String minDuration,
                           @QueryParam("max_duration") String maxDuration,
                           @QueryParam("status") String status,
                           @QueryParam("attr") List<String> attributes,
                           @QueryParam("from") String from,
                           @QueryParam("to") String to,
                           @QueryParam("limit") String limit,
                           @QueryParam("cursor") String cursor) {
        TraceSearch search;
        try {
            search = new TraceSearch(blankToNull(service), blankToNull(operation), parseStatus(status),
                    parseAttributes(attributes), parseDuration("min_duration", minDuration),
                    parseDuration("max_duration", maxDuration), LogsRequest.parseTime("from", from),
                    LogsRequest.parseTime("to", to),
                    LogsRequest.parseLimit(limit, TraceSearch.DEFAULT_LIMIT, TraceSearch.MAX_LIMIT),
                    cursor == null || cursor.isBlank() ? null : TraceCursor.decode("cursor", cursor));
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        }
        return Response.ok(TracesJson.summaries(traceQuery.find(search)), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static String parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        String value = status.strip().toLowerCase(Locale.ROOT);
        if (!STATUSES.contains(value)) {
            throw new IllegalArgumentException("status is one of unset, ok, error; was '" + status + "'");
        }
        return value;
    }

    private static Map<String, String> parseAttributes(List<String> attributes) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String attribute : attributes == null ? List.<String>of() : attributes) {
            int equals = attribute.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("attr is key=value, was '" + attribute + "'");
            }
            parsed.put(attribute.substring(0, equals), attribute.substring(equals + 1));
        }
        return parsed;
    }

    static Long parseDuration(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Matcher matcher = DURATION.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(name + " is a duration such as 250ms, 1.5s, 2m or a number of "
                    + "nanoseconds; was '" + text + "'");
        }
        double nanosPerUnit = switch (matcher.group(2) == null ? "ns" : matcher.group(2)) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
        double nanos = Double.parseDouble(matcher.group(1)) * nanosPerUnit;
        if (nanos > Long.MAX_VALUE) {
            throw new IllegalArgumentException(name + " is too long: '" + text + "'");
        }
        return Math.round(nanos);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(LogsJson.error(message)).build();
    }
}
