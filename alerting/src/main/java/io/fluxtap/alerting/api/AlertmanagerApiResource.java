package io.fluxtap.alerting.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.alerting.dispatch.AlertGroup;
import io.fluxtap.alerting.dispatch.AlertGroups;
import io.fluxtap.alerting.dispatch.RouteMatch;
import io.fluxtap.alerting.matchers.Matcher;
import io.fluxtap.alerting.matchers.MatcherParser;
import io.fluxtap.alerting.provider.AlertMarker;
import io.fluxtap.alerting.provider.StoredAlert;
import io.fluxtap.alerting.server.Alerting;
import io.fluxtap.alerting.silence.InvalidSilenceException;
import io.fluxtap.alerting.silence.Silence;
import io.fluxtap.alerting.silence.SilenceNotFoundException;
import io.fluxtap.alerting.silence.SilenceState;
import io.fluxtap.api.Alert;
import io.fluxtap.api.Labels;
import io.fluxtap.api.audit.AuditEntry;
import io.fluxtap.api.audit.AuditTrail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Alertmanager's API v2 ({@code ../shared/conformance/alertmanager/spec/openapi-v2.yaml}) at
 * {@code /alertmanager/api/v2}, so Prometheus can post its alerts here and amtool manage silences with
 * {@code --alertmanager.url=http://host:8080/alertmanager}. Handlers follow Alertmanager 0.25's {@code api/v2}:
 * the same filters, the same order, 400 with its message text for bad input (a JSON string, as go-swagger writes
 * the {@code ErrorResponse}), 404 for an unknown silence.
 */
@Path("/alertmanager/api/v2")
@ApplicationScoped
public class AlertmanagerApiResource {

    /** Alertmanager's version, as amtool and Grafana read it from {@code GET /api/v2/status}. */
    static final String VERSION = "0.25.0";

    private final Alerting alerting;
    private final Instance<AuditTrail> audit;

    @Inject
    public AlertmanagerApiResource(Alerting alerting, Instance<AuditTrail> audit) {
        this.alerting = alerting;
        this.audit = audit;
    }

    /** Silences made and expired are audited (issue #17), by the request's caller as the trail knows it. */
    private void audit(String action, String what) {
        audit.stream().forEach(trail -> trail.record(AuditEntry.ofCaller("silences", action, what)));
    }

    /** A request Alertmanager answers with 400 and this text. */
    private static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    @GET
    @Path("/status")
    public Response status() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cluster", Map.of("peers", List.of(), "status", "disabled"));
        json.put("config", Map.of("original", alerting.config().original() == null ? "" : alerting.config().original()));
        json.put("uptime", AmJson.time(alerting.startedAt()));
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("branch", "");
        version.put("buildDate", "");
        version.put("buildUser", "");
        version.put("goVersion", "");
        version.put("revision", "");
        version.put("version", VERSION);
        json.put("versionInfo", version);
        return json(200, json);
    }

    @GET
    @Path("/receivers")
    public Response receivers() {
        return json(200, alerting.config().receivers().stream().map(r -> Map.of("name", r.name())).toList());
    }

    @GET
    @Path("/alerts")
    public Response getAlerts(@Context UriInfo uri) {
        try {
            AlertFilter filter = AlertFilter.of(uri.getQueryParameters(), true);
            Instant now = alerting.scheduler().now();
            List<Map<String, Object>> out = new ArrayList<>();
            List<StoredAlert> stored = new ArrayList<>(alerting.alerts().list());
            stored.sort(Comparator.comparing(a -> Alerting.fingerprint(a.alert().labels())));
            for (StoredAlert alert : stored) {
                List<String> receivers = alerting.route().match(alert.alert().labels()).stream()
                        .map(m -> m.opts().receiver()).toList();
                if (filter.receiver != null && receivers.stream().noneMatch(r -> filter.receiver.matcher(r).matches())) {
                    continue;
                }
                if (!matchesFilter(filter.matchers, alert.alert().labels().asMap())) {
                    continue;
                }
                if (alert.alert().endsAt() != null && alert.alert().endsAt().isBefore(now)) {
                    continue;
                }
                AlertMarker.Status status = updateStatus(alert.alert().labels(), now);
                if (filter.excludes(status)) {
                    continue;
                }
                out.add(AmJson.alert(alert, status, receivers));
            }
            return json(200, out);
        } catch (BadRequest e) {
            return error(400, e.getMessage());
        }
    }

    @GET
    @Path("/alerts/groups")
    public Response getAlertGroups(@Context UriInfo uri) {
        try {
            AlertFilter filter = AlertFilter.of(uri.getQueryParameters(), false);
            AlertGroups groups = alerting.dispatcher().groups(
                    (RouteMatch route) -> filter.receiver == null
                            || filter.receiver.matcher(route.opts().receiver()).matches(),
                    (StoredAlert alert, Instant now) -> {
                        if (!matchesFilter(filter.matchers, alert.alert().labels().asMap())) {
                            return false;
                        }
                        if (alert.alert().endsAt() != null && alert.alert().endsAt().isBefore(now)) {
                            return false;
                        }
                        return !filter.excludes(updateStatus(alert.alert().labels(), now));
                    });
            List<Map<String, Object>> out = new ArrayList<>();
            for (AlertGroup group : groups.groups()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("alerts", group.alerts().stream().map(a -> AmJson.alert(a,
                        alerting.marker().status(a.fingerprint()),
                        groups.receivers().getOrDefault(a.fingerprint(), List.of()))).toList());
                json.put("labels", AmJson.labels(group.labels()));
                json.put("receiver", Map.of("name", group.receiver()));
                out.add(json);
            }
            return json(200, out);
        } catch (BadRequest e) {
            return error(400, e.getMessage());
        }
    }

    private AlertMarker.Status updateStatus(Labels labels, Instant now) {
        return alerting.updateStatus(labels, now);
    }

    @POST
    @Path("/alerts")
    public Response postAlerts(String body) {
        JsonNode array;
        try {
            array = AmJson.MAPPER.readTree(body == null ? "" : body);
        } catch (IOException e) {
            return error(400, "parsing alerts body from \"\" failed, because " + jsonMessage(e));
        }
        if (array == null || !array.isArray()) {
            return error(400, "alerts in body must be of type array");
        }
        Instant now = alerting.scheduler().now();
        List<String> errors = new ArrayList<>();
        List<Alert> valid = new ArrayList<>();
        int index = 0;
        for (JsonNode item : array) {
            try {
                valid.add(postedAlert(item, index, now));
            } catch (BadRequest e) {
                errors.add(e.getMessage());
            }
            index++;
        }
        alerting.countReceived(valid, errors.size());
        errors.addAll(alerting.alerts().post(valid));
        if (!errors.isEmpty()) {
            return error(400, String.join("; ", errors));
        }
        return Response.ok().build();
    }

    /** Alertmanager's {@code postAlertsHandler} for one alert: defaults for the times, then {@code Alert.Validate}. */
    private static Alert postedAlert(JsonNode item, int index, Instant now) throws BadRequest {
        if (!item.isObject()) {
            throw new BadRequest(index + " in body must be of type object");
        }
        if (!item.hasNonNull("labels")) {
            throw new BadRequest(index + ".labels in body is required");
        }
        Map<String, String> labels = stringMap(item.get("labels"), index + ".labels");
        Map<String, String> annotations = item.hasNonNull("annotations")
                ? stringMap(item.get("annotations"), index + ".annotations") : Map.of();
        Instant startsAt = time(item, "startsAt", index);
        Instant endsAt = time(item, "endsAt", index);
        if (startsAt == null) {
            startsAt = endsAt == null ? now : endsAt;
        }
        labels.values().removeIf(String::isEmpty);
        if (endsAt != null && endsAt.isBefore(startsAt)) {
            throw new BadRequest("start time must be before end time");
        }
        Labels ls = validLabels(labels, "invalid label set");
        if (ls.isEmpty()) {
            throw new BadRequest("at least one label pair required");
        }
        Labels as = validLabels(annotations, "invalid annotations");
        String generatorURL = item.hasNonNull("generatorURL") ? item.get("generatorURL").asText() : "";
        return new Alert(ls, as, startsAt, endsAt, generatorURL);
    }

    private static Labels validLabels(Map<String, String> map, String what) throws BadRequest {
        for (String name : map.keySet()) {
            if (!MatcherParser.isClassicLabelName(name)) {
                throw new BadRequest(what + ": invalid name \"" + name + "\"");
            }
        }
        return Labels.of(map);
    }

    private static Map<String, String> stringMap(JsonNode node, String field) throws BadRequest {
        if (!node.isObject()) {
            throw new BadRequest(field + " in body must be of type object");
        }
        Map<String, String> map = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new BadRequest(field + "." + e.getKey() + " in body must be of type string");
            }
            map.put(e.getKey(), e.getValue().asText());
        }
        return map;
    }

    /** A date-time field; absent or Go's zero time is null. */
    private static Instant time(JsonNode item, String field, Object where) throws BadRequest {
        JsonNode node = item.get(field);
        if (node == null || node.isNull() || node.asText().isEmpty()) {
            return null;
        }
        try {
            Instant at = OffsetDateTime.parse(node.asText()).toInstant();
            return at.equals(Instant.parse("0001-01-01T00:00:00Z")) ? null : at;
        } catch (DateTimeParseException e) {
            throw new BadRequest(where + "." + field + " in body must be of type date-time: \"" + node.asText() + "\"");
        }
    }

    @GET
    @Path("/silences")
    public Response getSilences(@Context UriInfo uri) {
        List<Matcher> matchers;
        try {
            matchers = parseFilter(uri.getQueryParameters().get("filter"));
        } catch (BadRequest e) {
            return error(400, e.getMessage());
        }
        Instant now = alerting.scheduler().now();
        List<Silence> kept = new ArrayList<>();
        for (Silence silence : alerting.silences().all()) {
            Map<String, String> byName = new TreeMap<>();
            silence.matchers().forEach(m -> byName.put(m.name(), m.value()));
            if (matchesFilter(matchers, byName)) {
                kept.add(silence);
            }
        }
        kept.sort(SilenceState.alertmanagerOrder(now));
        return json(200, kept.stream().map(s -> AmJson.silence(s, now)).toList());
    }

    @POST
    @Path("/silences")
    public Response postSilence(String body) {
        Silence silence;
        try {
            silence = postedSilence(body);
        } catch (BadRequest e) {
            return error(400, e.getMessage());
        }
        Optional<String> refused = alerting.silences().checkPosted(silence);
        if (refused.isPresent()) {
            return error(400, refused.get());
        }
        try {
            String id = alerting.silences().set(silence);
            audit(silence.id().isEmpty() ? "silence create" : "silence update", "silence " + id
                    + (silence.id().isEmpty() || silence.id().equals(id) ? "" : " (replacing " + silence.id() + ")")
                    + " " + silence.matchers() + " from " + silence.startsAt() + " to " + silence.endsAt()
                    + ", created by " + silence.createdBy() + ": " + silence.comment());
            return json(200, Map.of("silenceID", id));
        } catch (SilenceNotFoundException e) {
            return error(404, "silence not found");
        } catch (InvalidSilenceException e) {
            return error(400, e.getMessage());
        }
    }

    private static Silence postedSilence(String body) throws BadRequest {
        JsonNode node;
        try {
            node = AmJson.MAPPER.readTree(body == null ? "" : body);
        } catch (IOException e) {
            throw new BadRequest("parsing silence body from \"\" failed, because " + jsonMessage(e));
        }
        if (node == null || !node.isObject()) {
            throw new BadRequest("silence in body must be of type object");
        }
        for (String required : List.of("comment", "createdBy", "endsAt", "matchers", "startsAt")) {
            if (!node.hasNonNull(required)) {
                throw new BadRequest(required + " in body is required");
            }
        }
        JsonNode matchersNode = node.get("matchers");
        if (!matchersNode.isArray()) {
            throw new BadRequest("matchers in body must be of type array");
        }
        if (matchersNode.isEmpty()) {
            throw new BadRequest("matchers in body should have at least 1 items");
        }
        List<Matcher> matchers = new ArrayList<>();
        int i = 0;
        for (JsonNode m : matchersNode) {
            for (String required : List.of("isRegex", "name", "value")) {
                if (!m.hasNonNull(required)) {
                    throw new BadRequest("matchers." + i + "." + required + " in body is required");
                }
            }
            boolean regex = m.get("isRegex").asBoolean();
            boolean equal = !m.hasNonNull("isEqual") || m.get("isEqual").asBoolean();
            Matcher.Type type = regex ? (equal ? Matcher.Type.REGEX : Matcher.Type.NOT_REGEX)
                    : (equal ? Matcher.Type.EQUAL : Matcher.Type.NOT_EQUAL);
            try {
                matchers.add(new Matcher(type, m.get("name").asText(), m.get("value").asText()));
            } catch (IllegalArgumentException e) {
                throw new BadRequest("silence invalid: invalid label matcher " + i + ": " + e.getMessage());
            }
            i++;
        }
        Instant startsAt = time(node, "startsAt", "silence");
        Instant endsAt = time(node, "endsAt", "silence");
        String id = node.hasNonNull("id") ? node.get("id").asText() : "";
        return new Silence(id, matchers, startsAt, endsAt, null, node.get("createdBy").asText(),
                node.get("comment").asText());
    }

    @GET
    @Path("/silence/{id}")
    public Response getSilence(@PathParam("id") String id) {
        return alerting.silences().get(id)
                .map(s -> json(200, AmJson.silence(s, alerting.scheduler().now())))
                .orElseGet(() -> Response.status(404).build());
    }

    @DELETE
    @Path("/silence/{id}")
    public Response deleteSilence(@PathParam("id") String id) {
        try {
            alerting.silences().expire(id);
            audit("silence expire", "silence " + id);
            return Response.ok().build();
        } catch (SilenceNotFoundException e) {
            return Response.status(404).build();
        } catch (IllegalStateException e) {
            return error(500, e.getMessage());
        }
    }

    /** The query parameters of {@code GET /alerts} and {@code GET /alerts/groups}. */
    private record AlertFilter(List<Matcher> matchers, Pattern receiver, boolean active, boolean silenced,
                               boolean inhibited, boolean unprocessed) {

        static AlertFilter of(MultivaluedMap<String, String> query, boolean withUnprocessed) throws BadRequest {
            List<Matcher> matchers = parseFilter(query.get("filter"));
            Pattern receiver = null;
            String r = query.getFirst("receiver");
            if (r != null) {
                try {
                    receiver = Pattern.compile("^(?:" + r + ")$");
                } catch (PatternSyntaxException e) {
                    throw new BadRequest(e.getMessage());
                }
            }
            return new AlertFilter(matchers, receiver, bool(query, "active"), bool(query, "silenced"),
                    bool(query, "inhibited"), !withUnprocessed || bool(query, "unprocessed"));
        }

        boolean excludes(AlertMarker.Status status) {
            return !active && status.state() == AlertMarker.State.ACTIVE
                    || !unprocessed && status.state() == AlertMarker.State.UNPROCESSED
                    || !silenced && !status.silencedBy().isEmpty()
                    || !inhibited && !status.inhibitedBy().isEmpty();
        }

        private static boolean bool(MultivaluedMap<String, String> query, String name) throws BadRequest {
            String value = query.getFirst(name);
            if (value == null || value.isEmpty()) {
                return true;
            }
            return switch (value) {
                case "1", "t", "T", "TRUE", "true", "True" -> true;
                case "0", "f", "F", "FALSE", "false", "False" -> false;
                default -> throw new BadRequest(name + " in query must be of type boolean: \"" + value + "\"");
            };
        }
    }

    /** Alertmanager's {@code parseFilter}: each {@code filter} value one matcher. */
    private static List<Matcher> parseFilter(List<String> filters) throws BadRequest {
        List<Matcher> matchers = new ArrayList<>();
        if (filters == null) {
            return matchers;
        }
        for (String filter : filters) {
            try {
                matchers.add(MatcherParser.parseMatcher(filter));
            } catch (IllegalArgumentException e) {
                throw new BadRequest(e.getMessage());
            }
        }
        return matchers;
    }

    /** Alertmanager's {@code matchFilterLabels}: an empty-value matcher also matches an absent label. */
    static boolean matchesFilter(List<Matcher> matchers, Map<String, String> labels) {
        for (Matcher m : matchers) {
            String value = labels.get(m.name());
            boolean present = value != null;
            boolean negative = m.type() == Matcher.Type.NOT_EQUAL || m.type() == Matcher.Type.NOT_REGEX;
            if (m.value().isEmpty() && (negative == present)) {
                continue;
            }
            if (!m.matches(present ? value : "")) {
                return false;
            }
        }
        return true;
    }

    private static String jsonMessage(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }

    private static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(AmJson.write(body)).build();
    }

    /** go-swagger writes an {@code ErrorResponse} (a string) as a JSON string. */
    private static Response error(int status, String message) {
        return json(status, message);
    }
}
