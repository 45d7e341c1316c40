package io.fluxtap.ingestion.policy.level.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.api.DurationText;
import io.fluxtap.api.Level;
import io.fluxtap.api.StoreException;
import io.fluxtap.api.levels.LevelOverride;
import io.fluxtap.api.levels.LevelRequestException;
import io.fluxtap.api.levels.ServiceLevel;
import io.fluxtap.ingestion.policy.level.LevelService;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.System.Logger;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * {@code /api/v1/levels}: the per-service minimum levels.
 *
 * <ul>
 *   <li>{@code GET /api/v1/levels}: {@code {"default", "default_verbose_ttl", "max_verbose_ttl", "overrides": [{"service",
 *       "level", "reason", "set_by", "set_at", "expires_at", "version", "throttled"}]}}</li>
 *   <li>{@code GET /api/v1/levels/{service}}: {@code {"service", "level", "expires_at", "version"}} with an
 *       {@code ETag}; with {@code If-None-Match} equal to it, 304 at once, or with {@code ?wait=30s} once the
 *       level changes (200) or the wait ends unchanged (304). Waiters hold no platform thread ({@link AsyncResponse}; one timer thread wakes them all).</li>
 *   <li>{@code PUT /api/v1/levels/{service}} {@code {"level": "debug", "ttl": "15m", "reason": "..."}}: 200 with the
 *       override. TRACE and DEBUG always have a {@code ttl}: at most {@code fluxtap.levels.max-verbose-ttl}, and
 *       {@code fluxtap.levels.default-verbose-ttl} when the body has none; other levels last until deleted unless
 *       they have one.</li>
 *   <li>{@code DELETE /api/v1/levels/{service}}: 204, or 404 when the service has no override.</li>
 * </ul>
 * Refusals are {@code {"error", "field"}}: 400 for a body that is no JSON object or has unknown fields, 422 for an
 * unknown level, a bad TTL, a TTL over the maximum, a bad {@code wait}; nothing changed then.
 */
@Path("/api/v1/levels")
@ApplicationScoped
public class LevelsResource {

    /** The longest long-poll a sender may ask for. */
    static final Duration MAX_WAIT = Duration.ofMinutes(5);
    private static final Set<String> FIELDS = Set.of("level", "ttl", "reason");
    private static final int MAX_REASON = 1024;
    private static final Logger LOG = System.getLogger(LevelsResource.class.getName());

    private final LevelService levels;
    /**
     * Wakes the waiters at their deadlines: one thread for all of them (Helidon's {@code AsyncResponse} cannot
     * change a suspension's timeout, and a waiter may need to wake early, when the override in force expires).
     */
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fluxtap-levels-poll");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public LevelsResource(LevelService levels) {
        this.levels = levels;
    }

    @PreDestroy
    void stop() {
        timers.shutdownNow();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        ObjectNode root = Json.MAPPER.createObjectNode()
                .put("default", levels.defaultLevel().label())
                .put("default_verbose_ttl", levels.defaultVerboseTtl().toString())
                .put("max_verbose_ttl", levels.maxVerboseTtl().toString());
        ArrayNode overrides = root.putArray("overrides");
        levels.overrides().forEach(o -> overrides.add(Json.override(o)));
        return Json.ok(root);
    }

    @GET
    @Path("/{service}")
    @Produces(MediaType.APPLICATION_JSON)
    public void level(@PathParam("service") String service, @QueryParam("wait") String wait,
                      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Suspended AsyncResponse async) {
        Duration waitFor;
        try {
            waitFor = wait == null || wait.isBlank() ? null : DurationText.parse("wait", wait);
        } catch (IllegalArgumentException e) {
            async.resume(Json.error(422, e.getMessage(), "wait"));
            return;
        }
        if (waitFor != null && waitFor.compareTo(MAX_WAIT) > 0) {
            async.resume(Json.error(422, "wait must be at most " + MAX_WAIT.toMinutes() + "m, was " + wait, "wait"));
            return;
        }
        ServiceLevel now = levels.level(service);
        if (ifNoneMatch == null || !matches(ifNoneMatch, etag(now))) {
            async.resume(current(now));
            return;
        }
        if (waitFor == null) {
            async.resume(notModified(now));
            return;
        }
        new Waiter(service, etag(now), Instant.now().plus(waitFor), async).start();
    }

    @PUT
    @Path("/{service}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response set(@PathParam("service") String service, String body, @Context ContainerRequestContext request) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return Json.error(400, "the body is no JSON: " + e.getOriginalMessage(), null);
        }
        if (node == null || !node.isObject()) {
            return Json.error(400, "the body must be a JSON object {\"level\", \"ttl\", \"reason\"}", null);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                return Json.error(400, "unknown field '" + name + "' (expected level, ttl, reason)", name);
            }
        }
        try {
            Level level = level(node.get("level"));
            Duration ttl = ttl(node.get("ttl"));
            String reason = text(node.get("reason"), "reason");
            if (reason.length() > MAX_REASON) {
                throw new LevelRequestException("reason", "reason must be at most " + MAX_REASON + " characters");
            }
            LevelOverride override = levels.set(service, level, ttl, reason, Callers.of(request));
            return Json.ok(Json.override(override));
        } catch (LevelRequestException e) {
            return Json.error(422, e.getMessage(), e.field());
        } catch (StoreException e) {
            LOG.log(Logger.Level.ERROR, "cannot save the level of " + service, e);
            return Json.error(503, "the level could not be saved; nothing changed", null);
        }
    }

    @DELETE
    @Path("/{service}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response clear(@PathParam("service") String service, @Context ContainerRequestContext request) {
        try {
            return levels.clear(service, Callers.of(request))
                    ? Response.noContent().build()
                    : Json.error(404, "service '" + service + "' has no level override", "service");
        } catch (LevelRequestException e) {
            return Json.error(422, e.getMessage(), e.field());
        } catch (StoreException e) {
            LOG.log(Logger.Level.ERROR, "cannot clear the level of " + service, e);
            return Json.error(503, "the level could not be cleared; nothing changed", null);
        }
    }

    private Level level(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new LevelRequestException("level", "level is required: one of trace, debug, info, warn, error, fatal");
        }
        String text = text(node, "level");
        try {
            Level level = Level.parseLabel(text);
            if (level == Level.UNSPECIFIED || !level.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("unknown level");
            }
            return level;
        } catch (IllegalArgumentException e) {
            throw new LevelRequestException("level", "unknown level '" + text
                    + "' (expected one of trace, debug, info, warn, error, fatal)");
        }
    }

    /** Null when the body has none: TRACE and DEBUG then get the default verbose TTL (the level book applies it). */
    private Duration ttl(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String text = text(node, "ttl");
        try {
            return DurationText.parse("ttl", text);
        } catch (IllegalArgumentException e) {
            throw new LevelRequestException("ttl", e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw new LevelRequestException(field, field + " must be a string");
        }
        return node.asText();
    }

    static String etag(ServiceLevel level) {
        return "\"" + level.version() + "-" + level.level().label() + "\"";
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag) || tag.equals("*")) {
                return true;
            }
        }
        return false;
    }

    private static Response current(ServiceLevel level) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("service", level.service()).put("level", level.level().label());
        Json.instant(node, "expires_at", level.expiresAt());
        node.put("version", level.version());
        return Response.ok(node.toString(), MediaType.APPLICATION_JSON).header(HttpHeaders.ETAG, etag(level))
                .header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
    }

    private static Response notModified(ServiceLevel level) {
        return Response.notModified().header(HttpHeaders.ETAG, etag(level)).build();
    }

    /**
     * One suspended long-poll: answered by the first change of its service, else when its time is up. It also wakes
     * when the override in force expires, since expiry is noticed on a look-up, not pushed.
     */
    private final class Waiter implements Consumer<String> {
        private final String service;
        private final String etag;
        private final Instant deadline;
        private final AsyncResponse async;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile ScheduledFuture<?> timer;

        Waiter(String service, String etag, Instant deadline, AsyncResponse async) {
            this.service = service;
            this.etag = etag;
            this.deadline = deadline;
            this.async = async;
        }

        void start() {
            levels.onChange(this);
            check();
        }

        @Override
        public void accept(String changed) {
            if (service.equals(changed)) {
                check();
            }
        }

        private synchronized void check() {
            if (done.get()) {
                return;
            }
            ServiceLevel now = levels.level(service);
            Instant clock = Instant.now();
            if (!etag(now).equals(etag)) {
                finish(current(now));
            } else if (!clock.isBefore(deadline)) {
                finish(notModified(now));
            } else {
                // The earlier of the deadline and the override's end: an expiry is a change the sender waits for.
                Instant wake = now.expiresAt() != null && now.expiresAt().isBefore(deadline) ? now.expiresAt() : deadline;
                long delay = Math.max(1, Duration.between(clock, wake).toMillis() + 1);
                try {
                    timer = timers.schedule(this::check, delay, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopping) {
                    finish(Response.status(503).build());
                }
            }
        }

        private void finish(Response response) {
            if (done.compareAndSet(false, true)) {
                levels.removeListener(this);
                ScheduledFuture<?> pending = timer;
                if (pending != null) {
                    pending.cancel(false);
                }
                async.resume(response);
            }
        }
    }
}
