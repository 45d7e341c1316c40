package io.fluxtap.storage.query;

import io.fluxtap.api.LogSearch;
import io.fluxtap.storage.query.filter.FilterSyntaxException;
import io.fluxtap.storage.query.filter.SqlFilter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;

/**
 * {@code GET /api/v1/logs} (search, newest first, paged by cursor) and {@code GET /api/v1/logs/tail} (live tail,
 * oldest first). See {@link LogsJson} for the shapes. The JSON is written with Jackson here rather than by a
 * JAX-RS provider, so this module adds no entity provider that would change how other modules' resources
 * serialize.
 */
@Path("/api/v1/logs")
@ApplicationScoped
public class LogsResource {

    /**
     * How often a waiting tail looks again. Rows reach DuckDB in batches a few hundred milliseconds apart at
     * most, so looking more often would only cost queries.
     */
    private static final Duration TAIL_POLL = Duration.ofMillis(250);

    private final DuckDbLogQuery logQuery;
    private final int maxWaitSeconds;
    private final PageBound pageBound;

    @Inject
    public LogsResource(DuckDbLogQuery logQuery,
                        @ConfigProperty(name = "fluxtap.logs.tail.max-wait", defaultValue = "30") int maxWaitSeconds,
                        @ConfigProperty(name = "fluxtap.logs.max-page-bytes", defaultValue = "16777216")
                        long maxPageBytes) {
        if (maxPageBytes < 1) {
            throw new IllegalArgumentException("fluxtap.logs.max-page-bytes must be positive, was " + maxPageBytes);
        }
        this.logQuery = logQuery;
        this.maxWaitSeconds = maxWaitSeconds;
        this.pageBound = new PageBound(maxPageBytes, LogsJson::size);
    }

    /**
     * 200 with {@code {"logs":[...],"count":N,"next_cursor":"...","truncated":false}}; {@code next_cursor} is
     * null when nothing older matches. A page whose records reach {@code fluxtap.logs.max-page-bytes} ends there
     * with {@code "truncated":true}, its {@code next_cursor} continuing after the last record it holds. 400 with {@code {"error":"..."}} for a bad parameter, plus {@code "position"} (0-based
     * offset into {@code query}) for a filter that does not parse.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response search(@QueryParam("query") String query,
                           @QueryParam("entity_name") String entityName,
                           @QueryParam("level") List<String> levels,
                           @QueryParam("contains") String contains,
                           @QueryParam("from") String from,
                           @QueryParam("to") String to,
                           @QueryParam("limit") String limit,
                           @QueryParam("cursor") String cursor) {
        try {
            LogSearch parameters = LogsRequest.toSearch(entityName, levels, contains, from, to, limit);
            SqlFilter filter = LogsRequest.filter(query, parameters);
            LogPage page = logQuery.page(filter, LogsRequest.parseCursor("cursor", cursor), parameters.limit(), pageBound);
            return ok(page, "next_cursor");
        } catch (FilterSyntaxException e) {
            return badRequest(LogsJson.error(e.getMessage(), e.position()));
        } catch (IllegalArgumentException e) {
            return badRequest(LogsJson.error(e.getMessage()));
        }
    }

    /**
     * The records newer than {@code after}, oldest first, and the cursor to ask with next time; without
     * {@code after}, the newest {@code limit} records. With {@code wait=N} (seconds, at most
     * {@code fluxtap.logs.tail.max-wait}) an answer that would be empty is held back until a record arrives or
     * the time is up (long poll). Same errors as {@link #search}.
     */
    @GET
    @Path("/tail")
    @Produces(MediaType.APPLICATION_JSON)
    public Response tail(@QueryParam("query") String query,
                         @QueryParam("entity_name") String entityName,
                         @QueryParam("level") List<String> levels,
                         @QueryParam("contains") String contains,
                         @QueryParam("after") String after,
                         @QueryParam("limit") String limit,
                         @QueryParam("wait") String wait) throws InterruptedException {
        try {
            LogSearch parameters = LogsRequest.toSearch(entityName, levels, contains, null, null, limit);
            SqlFilter filter = LogsRequest.filter(query, parameters);
            LogCursor cursor = LogsRequest.parseCursor("after", after);
            long deadline = System.nanoTime() + parseWait(wait).toNanos();
            LogPage page = logQuery.tail(filter, cursor, parameters.limit(), pageBound);
            while (page.logs().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(Math.min(TAIL_POLL.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                page = logQuery.tail(filter, cursor, parameters.limit(), pageBound);
            }
            return ok(page, "cursor");
        } catch (FilterSyntaxException e) {
            return badRequest(LogsJson.error(e.getMessage(), e.position()));
        } catch (IllegalArgumentException e) {
            return badRequest(LogsJson.error(e.getMessage()));
        }
    }

    private Duration parseWait(String wait) {
        if (wait == null || wait.isBlank()) {
            return Duration.ZERO;
        }
        try {
            int seconds = Integer.parseInt(wait.strip());
            if (seconds >= 0 && seconds <= maxWaitSeconds) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("wait must be a whole number of seconds from 0 to " + maxWaitSeconds
                + ", was '" + wait + "'");
    }

    private static Response ok(LogPage page, String cursorField) {
        StreamingOutput json = out -> LogsJson.write(out, page, cursorField);
        return Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Response badRequest(byte[] json) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE).entity(json).build();
    }
}
