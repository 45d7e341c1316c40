package io.fluxtap.storage.alerting;

import io.fluxtap.api.AlertHistory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;

/**
 * {@code GET /api/v1/notifications?from=&to=&receiver=&integration=&status=&limit=&cursor=}: the notification
 * attempts, newest first. {@code status} is success or failed; the other parameters as in
 * {@link AlertHistoryResource}.
 *
 * <p>200 with {@code {"notifications":[{"ts","receiver","integration","integration_index","group_key",
 * "group_labels","alerts":[{"fingerprint","status","labels"}],"status","http_status","latency_ms","error",
 * "attempt"}],"count":N,"next_cursor":"..."|null}}; 400 with {@code {"error":"..."}} for a bad parameter.
 */
@Path("/api/v1/notifications")
@ApplicationScoped
public class NotificationHistoryResource {

    private final HistoryQuery query;

    @Inject
    public NotificationHistoryResource(HistoryQuery query) {
        this.query = query;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response notifications(@QueryParam("from") String from,
                                  @QueryParam("to") String to,
                                  @QueryParam("receiver") String receiver,
                                  @QueryParam("integration") String integration,
                                  @QueryParam("status") String status,
                                  @QueryParam("limit") String limit,
                                  @QueryParam("cursor") String cursor) {
        HistoryQuery.NotificationFilter filter;
        HistoryCursor position;
        int max;
        try {
            Instant fromTime = HistoryParams.time("from", from);
            Instant toTime = HistoryParams.time("to", to);
            HistoryParams.requireOrdered(fromTime, toTime);
            String statusName = HistoryParams.text(status);
            filter = new HistoryQuery.NotificationFilter(fromTime, toTime, HistoryParams.text(receiver),
                    HistoryParams.text(integration),
                    statusName == null ? null : AlertHistory.Status.ofWireName(statusName.strip()).wireName());
            position = HistoryCursor.decode(cursor);
            max = HistoryParams.limit(limit);
        } catch (IllegalArgumentException e) {
            return HistoryParams.badRequest(e.getMessage());
        }
        return HistoryParams.ok("notifications", query.notifications(filter, position, max));
    }
}
