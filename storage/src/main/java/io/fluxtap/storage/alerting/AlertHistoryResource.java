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
import java.util.List;

/**
 * {@code GET /api/v1/alerts/history?from=&to=&rule=&state=&labels=&limit=&cursor=}: the alert state changes, newest
 * first. {@code from} (inclusive) and {@code to} (exclusive) are RFC 3339 or epoch milliseconds; {@code rule} an
 * alert name; {@code state} the states entered (inactive, pending, firing, resolved; repeated or comma-separated);
 * {@code labels} matchers as {@code {severity="critical",team=~"db|infra"}}; {@code limit} 1 to 1000, default 100;
 * {@code cursor} the {@code next_cursor} of the page before.
 *
 * <p>200 with {@code {"history":[{"ts","rule_file","rule_group","rule","fingerprint","labels","annotations",
 * "from","to","value"}],"count":N,"next_cursor":"..."|null}} ({@code value} null when not finite); 400 with
 * {@code {"error":"..."}} for a bad parameter.
 */
@Path("/api/v1/alerts/history")
@ApplicationScoped
public class AlertHistoryResource {

    private final HistoryQuery query;

    @Inject
    public AlertHistoryResource(HistoryQuery query) {
        this.query = query;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response history(@QueryParam("from") String from,
                            @QueryParam("to") String to,
                            @QueryParam("rule") String rule,
                            @QueryParam("state") List<String> states,
                            @QueryParam("labels") String labels,
                            @QueryParam("limit") String limit,
                            @QueryParam("cursor") String cursor) {
        HistoryQuery.AlertFilter filter;
        HistoryCursor position;
        int max;
        try {
            Instant fromTime = HistoryParams.time("from", from);
            Instant toTime = HistoryParams.time("to", to);
            HistoryParams.requireOrdered(fromTime, toTime);
            filter = new HistoryQuery.AlertFilter(fromTime, toTime, HistoryParams.text(rule),
                    HistoryParams.list(states, s -> AlertHistory.State.ofWireName(s).wireName()),
                    LabelFilter.parse(labels));
            position = HistoryCursor.decode(cursor);
            max = HistoryParams.limit(limit);
        } catch (IllegalArgumentException e) {
            return HistoryParams.badRequest(e.getMessage());
        }
        return HistoryParams.ok("history", query.alerts(filter, position, max));
    }
}
