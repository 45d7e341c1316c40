package io.fluxtap.storage.query;

import io.fluxtap.storage.duck.MessageWireViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/messages/{wire_id}?flux_id=&from=&to=&limit=}: the stored messages of a wire, newest first
 * (see {@link MessagesJson} for the shape). {@code from} (inclusive) and {@code to} (exclusive) are RFC 3339 or
 * epoch milliseconds; {@code limit} is 1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}. The path is the
 * one messages are posted to; Jersey merges the two resources' methods under it.
 */
@Path("/api/v1/messages")
@ApplicationScoped
public class MessagesQueryResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Pattern UNSIGNED_DECIMAL = Pattern.compile("[0-9]{1,20}");

    private final DuckDbMessageQuery query;
    private final MessageWireViews wires;

    @Inject
    public MessagesQueryResource(DuckDbMessageQuery query, MessageWireViews wires) {
        this.query = query;
        this.wires = wires;
    }

    /**
     * 200 with {@code {"messages":[...],"count":N}}; 404 {@code {"error":"unknown wire 'x'"}} for a wire that is
     * not configured; 400 {@code {"error":"..."}} for a bad parameter.
     */
    @GET
    @Path("/{wireId: .+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response find(@PathParam("wireId") String wireId,
                         @QueryParam("flux_id") String fluxId,
                         @QueryParam("from") String from,
                         @QueryParam("to") String to,
                         @QueryParam("limit") String limit) {
        if (wires.wire(wireId).isEmpty()) {
            return error(Response.Status.NOT_FOUND, "unknown wire '"
                    + (wireId.length() > 64 ? wireId.substring(0, 64) + "..." : wireId) + "'");
        }
        String id;
        Instant fromTime;
        Instant toTime;
        int max;
        try {
            id = fluxId(fluxId);
            fromTime = LogsRequest.parseTime("from", from);
            toTime = LogsRequest.parseTime("to", to);
            max = limit(limit);
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        }
        return Response.ok(MessagesJson.page(query.find(wireId, id, fromTime, toTime, max)),
                MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Checked here, so a bad value is a 400 rather than a failed cast in the query. */
    private static String fluxId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            if (UNSIGNED_DECIMAL.matcher(text).matches()) {
                return Long.toUnsignedString(Long.parseUnsignedLong(text));
            }
        } catch (NumberFormatException e) {
            // beyond 64 bits: reported below like any other bad value
        }
        throw new IllegalArgumentException("flux_id must be an unsigned 64-bit decimal, was '"
                + (text.length() > 64 ? text.substring(0, 64) + "..." : text) + "'");
    }

    private static int limit(String value) {
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
        throw new IllegalArgumentException("limit must be a whole number between 1 and " + MAX_LIMIT
                + ", was '" + value + "'");
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(LogsJson.error(message)).build();
    }
}
