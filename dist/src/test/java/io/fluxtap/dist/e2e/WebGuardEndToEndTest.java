package io.fluxtap.dist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.dist.arquillian.RunningFluxtap;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #17 on loopback, over every HTTP listener of the real server (API, OTLP/HTTP, dashboard): a Host that is not
 * this server's is refused (DNS rebinding), a foreign Origin may not change anything, clients without Origin are
 * served as before, and every answer carries the security headers. The route table names each listener's endpoints;
 * a new endpoint belongs in it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WebGuardEndToEndTest {

    private static final String BROWSER_APP = "http://app.test:3000";
    private static final String EVIL = "http://evil.example";
    private static final String SILENCE = """
            {"matchers": [{"name": "alertname", "value": "GuardTest", "isRegex": false}],
             "startsAt": "2026-01-01T00:00:00Z", "endsAt": "2099-01-01T00:00:00Z",
             "createdBy": "guard-test", "comment": "%s"}""";
    private static Path alertmanagerConfig;

    @ArquillianResource
    RunningFluxtap fluxtap;

    @Deployment(testable = false)
    static JavaArchive deployment() throws IOException {
        // Every test class runs in a JVM of its own (dist's surefire configuration), so these reach only this server.
        Path conf = Files.createTempDirectory("fluxtap-guard-");
        alertmanagerConfig = conf.resolve("alertmanager.yml");
        Files.writeString(alertmanagerConfig, "route: {receiver: none}\nreceivers: [{name: none}]\n");
        System.setProperty("fluxtap.alertmanager.config-file", alertmanagerConfig.toString());
        System.setProperty("fluxtap.http.cors-allowed-origins", BROWSER_APP);
        return ShrinkWrap.create(JavaArchive.class, "fluxtap-web-guard.jar");
    }

    enum Listener { API, OTLP, DASHBOARD }

    /**
     * One endpoint, with a request it serves; {@code served} is its answer to a client without Origin, 0 for
     * "any status the endpoint itself chooses" (health may be 503 while the store starts).
     */
    record Route(Listener listener, String method, String path, String contentType, String body, int served) {

        boolean changes() {
            return !method.equals("GET");
        }

        @Override
        public String toString() {
            return listener + " " + method + " " + path;
        }
    }

    private static final List<Route> ROUTES = List.of(
            new Route(Listener.API, "GET", "/", null, null, 200),
            new Route(Listener.API, "GET", "/health/live", null, null, 200),
            new Route(Listener.API, "GET", "/health/ready", null, null, 0),
            new Route(Listener.API, "GET", "/health", null, null, 0),
            new Route(Listener.API, "GET", "/metrics", null, null, 200),
            new Route(Listener.API, "GET", "/api/v1/monitoring/health", null, null, 0),
            new Route(Listener.API, "GET", "/api/v1/monitoring/metrics", null, null, 200),
            new Route(Listener.API, "GET", "/api/v1/logs?limit=1", null, null, 200),
            new Route(Listener.API, "GET", "/api/v1/traces", null, null, 200),
            new Route(Listener.API, "GET", "/api/v1/levels", null, null, 200),
            new Route(Listener.API, "GET", "/api/v1/loggers", null, null, 200),
            new Route(Listener.API, "GET", "/prometheus/api/v1/query?query=1", null, null, 200),
            new Route(Listener.API, "GET", "/prometheus/api/v1/status/buildinfo", null, null, 200),
            new Route(Listener.API, "GET", "/prometheus/api/v1/rules", null, null, 200),
            new Route(Listener.API, "GET", "/prometheus/api/v1/targets", null, null, 200),
            new Route(Listener.API, "GET", "/alertmanager/api/v2/status", null, null, 200),
            new Route(Listener.API, "GET", "/alertmanager/api/v2/silences", null, null, 200),
            new Route(Listener.API, "POST", "/api/v1/sql", "text/plain", "SELECT 1", 200),
            new Route(Listener.API, "POST", "/prometheus/api/v1/query", "application/x-www-form-urlencoded",
                    "query=1", 200),
            new Route(Listener.API, "POST", "/alertmanager/api/v2/alerts", "application/json", "[]", 200),
            new Route(Listener.API, "POST", "/alertmanager/api/v2/silences", "application/json",
                    SILENCE.formatted("served"), 200),
            new Route(Listener.API, "PUT", "/api/v1/levels/guard-test", "application/json",
                    "{\"level\": \"debug\", \"ttl\": \"5m\", \"reason\": \"guard test\"}", 200),
            new Route(Listener.API, "DELETE", "/api/v1/levels/guard-test", null, null, 204),
            new Route(Listener.API, "PUT", "/api/v1/loggers/io.fluxtap.guardtest", "application/json",
                    "{\"level\": \"debug\"}", 200),
            new Route(Listener.API, "POST", "/-/reload", null, "", 200),
            // Not snappy: the receiver's own 415 shows the request got through.
            new Route(Listener.API, "POST", "/api/v1/write", "application/x-protobuf", "not snappy", 415),
            new Route(Listener.API, "POST", "/api/v1/messages/visa-v1", "application/json", "{}", 404),
            new Route(Listener.OTLP, "POST", "/v1/logs", "application/json", "{}", 200),
            new Route(Listener.OTLP, "POST", "/v1/traces", "application/json", "{}", 200),
            new Route(Listener.OTLP, "POST", "/v1/metrics", "application/json", "{}", 200),
            new Route(Listener.DASHBOARD, "GET", "/", null, null, 200),
            new Route(Listener.DASHBOARD, "GET", "/logs", null, null, 200),
            // Vaadin's UIDL endpoint answers a request without its session with a JSON "cookies disabled" error.
            new Route(Listener.DASHBOARD, "POST", "/?v-r=uidl", "application/json", "{}", 200));

    @Test
    void aHostThatIsNotThisServersIsRefusedOnEveryRoute() {
        List<String> failures = new ArrayList<>();
        for (Route route : ROUTES) {
            URI url = url(route);
            RawHttp.Answer answer = send(route, "rebound.example:" + url.getPort());
            if (answer.status() != 421 || !answer.body().contains("Host 'rebound.example:" + url.getPort() + "'")
                    || !answer.body().contains("fluxtap.http.allowed-hosts")) {
                failures.add(route + ": " + answer.status() + " " + answer.body());
            }
            securityHeaders(route, answer, failures);
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void clientsWithoutOriginAndPagesOfTheServersOwnOriginAreServed() {
        List<String> failures = new ArrayList<>();
        // Round by round over the whole table, so the level override a PUT sets is there for the DELETE after it.
        for (Route route : ROUTES) {
            check(route, send(route, null), failures);
        }
        for (Route route : ROUTES) {
            // Browsers send Origin on their own origin's posts too.
            check(route, route.changes() ? send(route, null, "Origin", "http://" + url(route).getAuthority())
                    : send(route, null), failures);
        }
        for (Route route : ROUTES) {
            // The URLs name localhost; an address literal is served too (clients that connect by IP).
            check(route, send(route, "127.0.0.1:" + url(route).getPort()), failures);
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void aForeignOriginMayReadButNotChangeAnything() {
        List<String> failures = new ArrayList<>();
        for (Route route : ROUTES) {
            RawHttp.Answer answer = send(route, null, "Origin", EVIL);
            if (!route.changes()) {
                check(route, answer, failures);
                if (answer.header("Access-Control-Allow-Origin") != null) {
                    failures.add(route + ": a foreign page may read the answer");
                }
                continue;
            }
            if (answer.status() != 403 || !answer.body().contains("cross-origin request refused: Origin '" + EVIL)) {
                failures.add(route + ": " + answer.status() + " " + answer.body());
            }
            securityHeaders(route, answer, failures);
            // The SQL console's classic: a form or text/plain post from any page, which needs no preflight.
            RawHttp.Answer nullOrigin = send(route, null, "Origin", "null");
            if (nullOrigin.status() != 403) {
                failures.add(route + " with Origin null: " + nullOrigin.status());
            }
        }
        assertEquals(List.of(), failures);

        RawHttp.Answer refused = RawHttp.send("POST", fluxtap.api("/alertmanager/api/v2/silences"), null,
                SILENCE.formatted("posted by a foreign page").getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json", "Origin", EVIL);
        assertEquals(403, refused.status(), refused.body());
        String silences = TestHttp.get(fluxtap.api("/alertmanager/api/v2/silences")).body();
        assertFalse(silences.contains("posted by a foreign page"), "a refused request stored nothing: " + silences);
    }

    @Test
    void browserPagesOfTheConfiguredOriginsMayPostOtlpButNothingElse() {
        URI traces = URI.create(fluxtap.otlpHttpBase() + "/v1/traces");
        RawHttp.Answer preflight = RawHttp.send("OPTIONS", traces, null, null, "Origin", BROWSER_APP,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type");
        assertEquals(204, preflight.status(), preflight.body());
        assertEquals(BROWSER_APP, preflight.header("Access-Control-Allow-Origin"));
        assertEquals("POST", preflight.header("Access-Control-Allow-Methods"));
        assertTrue(preflight.header("Access-Control-Allow-Headers").contains("content-type"),
                preflight.headers().toString());
        assertEquals("Origin", preflight.header("Vary"));

        RawHttp.Answer posted = RawHttp.send("POST", traces, null, "{}".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json", "Origin", BROWSER_APP);
        assertEquals(200, posted.status(), posted.body());
        assertEquals(BROWSER_APP, posted.header("Access-Control-Allow-Origin"));

        RawHttp.Answer other = RawHttp.send("OPTIONS", traces, null, null, "Origin", EVIL,
                "Access-Control-Request-Method", "POST");
        assertNull(other.header("Access-Control-Allow-Origin"), other.headers().toString());
        RawHttp.Answer api = RawHttp.send("POST", fluxtap.api("/api/v1/sql"), null,
                "SELECT 1".getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain", "Origin", BROWSER_APP);
        assertEquals(403, api.status(), "the CORS origins are for OTLP/HTTP only: " + api.body());
    }

    @Test
    void errorAnswersCarryTheHeadersAndNoStackTrace() throws IOException {
        List<String> failures = new ArrayList<>();
        Map<String, RawHttp.Answer> errors = new java.util.LinkedHashMap<>();
        errors.put("404 API", RawHttp.send("GET", fluxtap.api("/api/v1/no-such-endpoint"), null, null));
        errors.put("404 OTLP", RawHttp.send("GET", URI.create(fluxtap.otlpHttpBase() + "/v1/nothing"), null, null));
        errors.put("405 API", RawHttp.send("DELETE", fluxtap.api("/api/v1/logs"), null, null));
        errors.put("400 malformed JSON", RawHttp.send("POST", fluxtap.api("/alertmanager/api/v2/silences"), null,
                "{\"matchers\": [".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"));
        errors.put("400 bad parameter", RawHttp.send("GET", fluxtap.api("/api/v1/logs?limit=many"), null, null));
        errors.put("400 bad OTLP", RawHttp.send("POST", URI.create(fluxtap.otlpHttpBase() + "/v1/logs"), null,
                "{\"resourceLogs\": 7".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"));
        errors.put("400 unknown encoding", RawHttp.send("POST", fluxtap.api("/api/v1/sql"), null,
                "SELECT 1".getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain", "Content-Encoding", "br"));
        errors.put("404 dashboard", RawHttp.send("GET", fluxtap.dashboard("/VAADIN/no-such-file.js"), null, null));
        String good = Files.readString(alertmanagerConfig);
        try {
            Files.writeString(alertmanagerConfig, "route: [this is: not a route\n");
            errors.put("500 reload", RawHttp.send("POST", fluxtap.api("/-/reload"), null, new byte[0]));
        } finally {
            Files.writeString(alertmanagerConfig, good);
        }
        errors.forEach((what, answer) -> {
            int expected = Integer.parseInt(what.substring(0, 3));
            if (answer.status() != expected) {
                failures.add(what + ": status " + answer.status() + " " + answer.body());
            }
            if (answer.body().contains("\tat ") || answer.body().contains("at io.")
                    || answer.body().contains("at java.") || answer.body().contains("Exception")) {
                failures.add(what + ": a stack trace or exception in the body: " + answer.body());
            }
            for (String header : List.of("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
                    "Content-Security-Policy")) {
                // Helidon refuses an unknown Content-Encoding before any routing, where no filter of ours runs.
                if (answer.header(header) == null && !what.equals("400 unknown encoding")) {
                    failures.add(what + ": no " + header);
                }
            }
            if (answer.header("Server") != null) {
                failures.add(what + ": Server: " + answer.header("Server"));
            }
        });
        assertEquals(List.of(), failures);
        assertEquals("Endpoint not found", errors.get("404 API").body(), "Helidon's message is kept");
        assertEquals("Unsupported content encoding", errors.get("400 unknown encoding").body());
        assertTrue(errors.get("500 reload").body().startsWith("failed to reload config: "),
                errors.get("500 reload").body());
        assertEquals(200, RawHttp.send("POST", fluxtap.api("/-/reload"), null, new byte[0]).status(),
                "the good configuration reloads again");
    }

    @Test
    void theDashboardSessionCookieIsHttpOnlyAndSameSite() {
        RawHttp.Answer page = RawHttp.send("GET", fluxtap.dashboard("/"), null, null);
        assertEquals(200, page.status());
        String cookie = page.all("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie: " + page.headers()));
        assertTrue(cookie.contains("; HttpOnly"), cookie);
        assertTrue(cookie.contains("; SameSite=Strict"), cookie);
        assertTrue(page.header("Content-Security-Policy").contains("frame-ancestors 'none'"),
                page.header("Content-Security-Policy"));
        assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"),
                page.header("Content-Security-Policy"));
    }

    private void check(Route route, RawHttp.Answer answer, List<String> failures) {
        boolean refused = answer.status() == 403 || answer.status() == 421;
        if (refused || (route.served() != 0 && answer.status() != route.served())) {
            failures.add(route + ": expected " + (route.served() == 0 ? "to be served" : route.served())
                    + ", was " + answer.status() + " " + answer.body().lines().findFirst().orElse(""));
        }
        securityHeaders(route, answer, failures);
    }

    private static void securityHeaders(Route route, RawHttp.Answer answer, List<String> failures) {
        String policy = answer.header("Content-Security-Policy");
        if (policy == null || !policy.contains("frame-ancestors 'none'")) {
            failures.add(route + ": Content-Security-Policy " + policy);
        }
        if (!"nosniff".equals(answer.header("X-Content-Type-Options"))) {
            failures.add(route + ": X-Content-Type-Options " + answer.header("X-Content-Type-Options"));
        }
        if (!"DENY".equals(answer.header("X-Frame-Options"))) {
            failures.add(route + ": X-Frame-Options " + answer.header("X-Frame-Options"));
        }
        if (!"no-referrer".equals(answer.header("Referrer-Policy"))) {
            failures.add(route + ": Referrer-Policy " + answer.header("Referrer-Policy"));
        }
        if (answer.header("Server") != null) {
            failures.add(route + ": Server " + answer.header("Server"));
        }
    }

    private RawHttp.Answer send(Route route, String host, String... headers) {
        List<String> all = new ArrayList<>(List.of(headers));
        if (route.contentType() != null) {
            all.add("Content-Type");
            all.add(route.contentType());
        }
        byte[] body = route.body() == null ? null : route.body().getBytes(StandardCharsets.UTF_8);
        return RawHttp.send(route.method(), url(route), host, body, all.toArray(String[]::new));
    }

    private URI url(Route route) {
        return switch (route.listener()) {
            case API -> fluxtap.api(route.path());
            case OTLP -> URI.create(fluxtap.otlpHttpBase() + route.path());
            case DASHBOARD -> fluxtap.dashboard(route.path());
        };
    }
}
