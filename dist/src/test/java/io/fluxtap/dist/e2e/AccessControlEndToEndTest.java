package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.await;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static io.fluxtap.dist.e2e.TestHttp.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.api.auth.Scope;
import io.fluxtap.dist.arquillian.RunningFluxtap;
import io.fluxtap.dist.auth.TokenCli;
import io.fluxtap.dist.ops.BackupCli;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Access control on the real server (issue #17), forced on loopback with {@code fluxtap.auth.enabled=true}: every
 * route of the server, found by reading the JAX-RS resources on the class path (so a new endpoint is in this test
 * without anyone adding it), refused without a token (401), with a token of every other scope (403), and served with
 * one of its own scope; OTLP/gRPC through the OpenTelemetry SDK refused without the header and accepted with it,
 * nothing stored of what was refused; tokens made and revoked through the admin API, audited.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AccessControlEndToEndTest {

    /**
     * The scope of every route, as written by hand here (null: open). A route the server has and this table lacks
     * fails the test: decide its scope in {@code RouteScopes} and here.
     */
    private static final Map<String, Scope> EXPECTED = new TreeMap<>();

    static {
        Scope open = null;
        put("GET /", open);
        put("GET /health/live", open);
        put("GET /health/ready", open);
        put("GET /metrics", open);
        for (String signal : List.of("/v1/traces", "/v1/logs", "/v1/metrics")) {
            put("POST " + signal, Scope.INGEST);
        }
        put("POST /api/v1/write", Scope.INGEST);
        put("POST /api/v1/messages/{wireId: .+}", Scope.INGEST);
        for (String get : List.of("/api/v1/messages/{wireId: .+}", "/api/v1/logs", "/api/v1/logs/tail",
                "/api/v1/traces", "/api/v1/traces/{traceId}", "/api/v1/metrics/samples", "/api/v1/alerts/history",
                "/api/v1/notifications", "/api/v1/monitoring/health", "/api/v1/monitoring/metrics",
                "/api/v1/levels", "/api/v1/levels/{service}", "/prometheus/api/v1/{endpoint}",
                "/prometheus/api/v1/label/{name}/values", "/prometheus/api/v1/status/buildinfo",
                "/prometheus/api/v1/rules", "/prometheus/api/v1/alerts", "/prometheus/api/v1/targets",
                "/prometheus/api/v1/targets/metadata", "/alertmanager/api/v2/status",
                "/alertmanager/api/v2/receivers", "/alertmanager/api/v2/alerts", "/alertmanager/api/v2/alerts/groups",
                "/alertmanager/api/v2/silences", "/alertmanager/api/v2/silence/{id}")) {
            put("GET " + get, Scope.READ);
        }
        put("POST /prometheus/api/v1/{endpoint}", Scope.READ);
        put("POST /prometheus/api/v1/label/{name}/values", Scope.READ);
        put("POST /api/v1/sql", Scope.READ);
        put("POST /alertmanager/api/v2/alerts", Scope.WRITE);
        put("POST /alertmanager/api/v2/silences", Scope.WRITE);
        put("DELETE /alertmanager/api/v2/silence/{id}", Scope.WRITE);
        put("PUT /api/v1/levels/{service}", Scope.WRITE);
        put("DELETE /api/v1/levels/{service}", Scope.WRITE);
        put("GET /api/v1/tokens", Scope.ADMIN);
        put("POST /api/v1/tokens", Scope.ADMIN);
        put("DELETE /api/v1/tokens/{name}", Scope.ADMIN);
        put("GET /api/v1/users", Scope.ADMIN);
        put("POST /api/v1/users", Scope.ADMIN);
        put("DELETE /api/v1/users/{name}", Scope.ADMIN);
        put("GET /api/v1/loggers", Scope.ADMIN);
        put("PUT /api/v1/loggers/{name}", Scope.ADMIN);
        put("POST /-/reload", Scope.ADMIN);
        put("PUT /-/reload", Scope.ADMIN);
        put("POST /api/v1/admin/backup", Scope.ADMIN);
    }

    private static void put(String route, Scope scope) {
        EXPECTED.put(route, scope);
    }

    /** Routes served outside JAX-RS: Helidon's health feature and the OTLP/HTTP service on its own socket. */
    private static final Set<String> NOT_JAX_RS = Set.of("GET /health/live", "GET /health/ready", "POST /v1/traces",
            "POST /v1/logs", "POST /v1/metrics");

    private static final String BROWSER_APP = "http://app.test:3000";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ArquillianResource
    RunningFluxtap fluxtap;

    @Deployment(testable = false)
    static JavaArchive deployment() {
        // Every test class runs in a JVM of its own (dist's surefire configuration), so this reaches only this server.
        System.setProperty("fluxtap.auth.enabled", "true");
        System.setProperty("fluxtap.http.cors-allowed-origins", BROWSER_APP);
        return ShrinkWrap.create(JavaArchive.class, "fluxtap-access-control.jar");
    }

    @Test
    void everyRouteIsRefusedWithoutATokenAndWithAnotherScopeAndServedWithItsOwn() throws IOException {
        Set<String> routes = new TreeSet<>(jaxRsRoutes());
        routes.addAll(NOT_JAX_RS);
        assertTrue(routes.size() > 40, "found only " + routes);
        Set<String> unknown = new TreeSet<>(routes);
        unknown.removeAll(EXPECTED.keySet());
        assertEquals(Set.of(), unknown, "routes this test does not know: give each a scope in RouteScopes and here");

        String admin = bootstrapToken();
        Map<Scope, String> only = new TreeMap<>();
        Map<Scope, String> allBut = new TreeMap<>();
        for (Scope scope : Scope.values()) {
            only.put(scope, create(admin, "only-" + scope.label(), Scope.labels(EnumSet.of(scope))));
            allBut.put(scope, create(admin, "all-but-" + scope.label(),
                    Scope.labels(EnumSet.complementOf(EnumSet.of(scope)))));
        }
        List<String> failures = new ArrayList<>();
        for (String route : routes) {
            Scope needed = EXPECTED.get(route);
            int anonymous = call(route, null);
            if (needed == null) {
                if (anonymous == 401 || anonymous == 403) {
                    failures.add(route + " is open but answered " + anonymous + " without a token");
                }
                continue;
            }
            if (anonymous != 401) {
                failures.add(route + " answered " + anonymous + " without a token, not 401");
            }
            int wrong = call(route, allBut.get(needed));
            if (wrong != 403) {
                failures.add(route + " answered " + wrong + " to a token without " + needed.label() + ", not 403");
            }
            int right = call(route, only.get(needed));
            if (right == 401 || right == 403) {
                failures.add(route + " answered " + right + " to a token with " + needed.label());
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void refusalsSayWhyAndChallengeForABearerToken() throws Exception {
        HttpResponse<String> none = send("GET", fluxtap.api("/api/v1/logs"), null, null);
        assertEquals(401, none.statusCode());
        assertEquals("Bearer realm=\"fluxtap\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals("a token is needed: send 'Authorization: Bearer <token>'\n", none.body());
        assertTrue(none.headers().firstValue("X-Content-Type-Options").isPresent(), "security headers kept");

        HttpResponse<String> bad = send("GET", fluxtap.api("/api/v1/logs"), "ftk_aaaaaaaaaaaa_nope", null);
        assertEquals(401, bad.statusCode());
        assertEquals("Bearer realm=\"fluxtap\", error=\"invalid_token\"",
                bad.headers().firstValue("WWW-Authenticate").orElse(""));

        String ingest = create(bootstrapToken(), "msg-sender", "ingest");
        HttpResponse<String> scope = send("GET", fluxtap.api("/api/v1/logs"), ingest, null);
        assertEquals(403, scope.statusCode());
        assertEquals("Bearer realm=\"fluxtap\", error=\"insufficient_scope\", scope=\"read\"",
                scope.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals("token 'msg-sender' has scopes ingest; this request needs read\n", scope.body());
    }

    @Test
    void otlpOverGrpcNeedsAnIngestTokenAndStoresNothingRefused() throws Exception {
        String admin = bootstrapToken();
        String ingest = create(admin, "grpc-sender", "ingest");
        String reader = create(admin, "grpc-reader", "read");
        String service = "auth-grpc-" + UUID.randomUUID();

        assertFalse(exportLog(service, "refused: no token", null), "an export without a token was accepted");
        assertFalse(exportLog(service, "refused: read token", reader), "an export with a read token was accepted");
        // The statuses, from grpc-java itself (the SDK only says the export failed).
        assertEquals(Status.Code.UNAUTHENTICATED, rawExport(service, "refused: raw, no token", null).getCode());
        Status denied = rawExport(service, "refused: raw, read token", reader);
        assertEquals(Status.Code.PERMISSION_DENIED, denied.getCode());
        assertEquals("token 'grpc-reader' has scopes read; this request needs ingest", denied.getDescription());
        assertTrue(exportLog(service, "accepted", ingest), "the export with an ingest token failed");
        // The same over OTLP/HTTP: refused before the receiver reads the body.
        HttpResponse<String> http = send("POST", URI.create(fluxtap.otlpHttpBase() + "/v1/logs"), null,
                "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                        + "{\"stringValue\":\"" + service + "\"}}]},\"scopeLogs\":[{\"logRecords\":[{\"body\":"
                        + "{\"stringValue\":\"refused: http\"}}]}]}]}");
        assertEquals(401, http.statusCode());

        URI logs = fluxtap.api("/api/v1/logs?limit=100&entity_name=" + q(service));
        JsonNode found = await(Duration.ofSeconds(20), () -> json(send("GET", logs, reader, null)).get("logs"),
                l -> l.size() >= 1);
        // The accepted record is stored; the refused ones, sent before it, never are (one lane, in order).
        assertEquals(1, found.size(), found.toString());
        assertEquals("accepted", found.get(0).get("body").asText());
    }

    @Test
    void tokensAreMadeListedRevokedAtOnceAndAudited() throws Exception {
        String admin = bootstrapToken();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                fluxtap.dataDir().resolve("bootstrap-admin.token"))));
        String reader = create(admin, "short-lived", "read");
        URI health = fluxtap.api("/api/v1/monitoring/health");
        assertNotEquals(401, send("GET", health, reader, null).statusCode());

        JsonNode list = json(send("GET", fluxtap.api("/api/v1/tokens"), admin, null));
        JsonNode entry = null;
        for (JsonNode token : list.get("tokens")) {
            assertFalse(token.has("secret"), "a secret in the list: " + token);
            assertFalse(token.toString().contains(reader.substring(4)), "the secret in the list");
            if (token.get("name").asText().equals("short-lived")) {
                entry = token;
            }
        }
        assertTrue(entry != null, list.toString());
        assertEquals("[\"read\"]", entry.get("scopes").toString());
        assertFalse(entry.get("last_used").isNull(), "used once: " + entry);

        assertEquals(204, send("DELETE", fluxtap.api("/api/v1/tokens/short-lived"), admin, null).statusCode());
        assertEquals(401, send("GET", health, reader, null).statusCode(), "the revoked token still works");
        assertEquals(404, send("DELETE", fluxtap.api("/api/v1/tokens/short-lived"), admin, null).statusCode());
        assertEquals(409, send("POST", fluxtap.api("/api/v1/tokens"), admin,
                "{\"name\":\"bootstrap-admin\",\"scopes\":[\"admin\"]}").statusCode());
        assertEquals(400, send("POST", fluxtap.api("/api/v1/tokens"), admin,
                "{\"name\":\"x\",\"scopes\":[\"root\"]}").statusCode());

        String auditReader = create(admin, "audit-reader", "read");
        URI audit = fluxtap.api("/api/v1/logs?limit=100&entity_name=fluxtap&contains=token");
        JsonNode records = await(Duration.ofSeconds(20), () -> json(send("GET", audit, auditReader, null)).get("logs"),
                l -> bodies(l).stream().anyMatch(b -> b.startsWith("token revoke short-lived")));
        List<String> bodies = bodies(records);
        assertTrue(bodies.stream().anyMatch(b -> b.equals("token create short-lived (read) by bootstrap-admin from "
                + "127.0.0.1")), bodies.toString());
        assertTrue(bodies.stream().anyMatch(b -> b.equals("token create bootstrap-admin (admin) by server start")),
                bodies.toString());
        for (JsonNode record : records) {
            if (!record.get("body").asText().startsWith("token create ")
                    && !record.get("body").asText().startsWith("token revoke ")) {
                continue;
            }
            assertEquals("true", record.get("attributes").get("audit").asText(), record.toString());
            assertFalse(record.toString().contains("ftk_"), "a secret in the audit trail: " + record);
        }
    }

    @Test
    void theTokenCommandMakesListsAndRevokesThroughTheRunningServer() throws Exception {
        String url = fluxtap.api("/").toString();
        String file = fluxtap.dataDir().resolve("bootstrap-admin.token").toString();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = TokenCli.run(new String[] {"create", "--name", "ci-sender", "--scopes", "ingest",
                "--expires-in", "30d", "--url", url, "--token-file", file}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, status, err.toString());
        String secret = out.toString().strip();
        assertTrue(secret.matches("ftk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}"), "stdout is the secret alone: " + out);
        assertTrue(err.toString().startsWith("made token 'ci-sender' (scopes ingest, expires "), err.toString());
        assertEquals(403, send("GET", fluxtap.api("/api/v1/logs"), secret, null).statusCode());

        StringWriter listed = new StringWriter();
        assertEquals(0, TokenCli.run(new String[] {"list", "--url", url, "--token-file", file},
                new PrintWriter(listed), new PrintWriter(new StringWriter())));
        assertTrue(listed.toString().lines().anyMatch(l -> l.startsWith("ci-sender ") && l.contains(" ingest ")),
                listed.toString());
        assertFalse(listed.toString().contains(secret.substring(4)), "a secret in the list");

        StringWriter again = new StringWriter();
        assertEquals(1, TokenCli.run(new String[] {"create", "--name", "ci-sender", "--scopes", "ingest", "--url", url,
                "--token-file", file}, new PrintWriter(new StringWriter()), new PrintWriter(again)));
        assertEquals("fluxtap token: a token named 'ci-sender' exists; revoke it first", again.toString().strip());

        assertEquals(0, TokenCli.run(new String[] {"revoke", "ci-sender", "--url", url, "--token-file", file},
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
        assertEquals(401, send("POST", URI.create(fluxtap.otlpHttpBase() + "/v1/logs"), secret, "{}").statusCode());

        // A token without admin, and no server at all: each said plainly.
        java.nio.file.Path weak = Files.createTempFile(fluxtap.dataDir(), "weak", ".token");
        Files.writeString(weak, create(bootstrapToken(), "cli-reader", "read"));
        StringWriter refused = new StringWriter();
        assertEquals(1, TokenCli.run(new String[] {"list", "--url", url, "--token-file", weak.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(refused)));
        assertEquals("fluxtap token: token 'cli-reader' has scopes read; this request needs admin (the token needs the "
                + "admin scope)", refused.toString().strip());
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        StringWriter down = new StringWriter();
        assertEquals(1, TokenCli.run(new String[] {"list", "--url", "http://127.0.0.1:" + closed + "/", "--token-file",
                file}, new PrintWriter(new StringWriter()), new PrintWriter(down)));
        assertTrue(down.toString().startsWith("fluxtap token: no Fluxtap server answers at http://127.0.0.1:" + closed
                + "/: a server named with --url must be running (without --url, or with --offline, the command works on a "
                + "stopped server's data directory), so start the server first"), down.toString());
        assertEquals(2, TokenCli.run(new String[] {"create", "--scopes", "read"}, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())));
    }

    @Test
    void aBrowserExporterMayPreflightWithoutATokenAndPostWithOne() throws Exception {
        URI logs = URI.create(fluxtap.otlpHttpBase() + "/v1/logs");
        HttpResponse<String> preflight = client.send(HttpRequest.newBuilder(logs).timeout(Duration.ofSeconds(20))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", BROWSER_APP)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, preflight.statusCode(), preflight.body());
        assertEquals("content-type, content-encoding, traceparent, tracestate, authorization",
                preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""));
        String ingest = create(bootstrapToken(), "browser-app", "ingest");
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(logs).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Origin", BROWSER_APP)
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ingest).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, post.statusCode(), post.body());
        assertEquals(BROWSER_APP, post.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    }

    @Test
    void levelChangesNameTheTokenThatMadeThem() throws Exception {
        String admin = bootstrapToken();
        String writer = create(admin, "level-writer", "write");
        String reader = create(admin, "level-reader", "read");
        String service = "acl-level-" + UUID.randomUUID();
        HttpResponse<String> set = send("PUT", fluxtap.api("/api/v1/levels/" + service), writer,
                "{\"level\":\"warn\",\"reason\":\"access control test\"}");
        assertEquals(200, set.statusCode(), set.body());
        URI audit = fluxtap.api("/api/v1/logs?limit=10&entity_name=fluxtap&contains=" + q(service));
        JsonNode records = await(Duration.ofSeconds(20), () -> json(send("GET", audit, reader, null)).get("logs"),
                l -> l.size() >= 1);
        assertTrue(records.get(0).get("body").asText().contains(" by level-writer from 127.0.0.1"),
                records.toString());
    }

    @Test
    void silencesAndReloadsAreAuditedNamingTheTokenThatMadeThem() throws Exception {
        String admin = bootstrapToken();
        String writer = create(admin, "silence-writer", "write");
        String reader = create(admin, "silence-reader", "read");
        String marker = "acl-silence-" + UUID.randomUUID();
        HttpResponse<String> made = send("POST", fluxtap.api("/alertmanager/api/v2/silences"), writer, """
                {"matchers": [{"name": "alertname", "value": "%s", "isRegex": false}],
                 "startsAt": "2026-01-01T00:00:00Z", "endsAt": "2099-01-01T00:00:00Z",
                 "createdBy": "on-call", "comment": "maintenance"}""".formatted(marker));
        assertEquals(200, made.statusCode(), made.body());
        String id = json(made).get("silenceID").asText();
        assertEquals(200, send("DELETE", fluxtap.api("/alertmanager/api/v2/silence/" + id), writer, null).statusCode());
        assertEquals(200, send("POST", fluxtap.api("/-/reload"), admin, null).statusCode());

        URI silences = fluxtap.api("/api/v1/logs?limit=20&entity_name=fluxtap&contains=" + q(id));
        JsonNode records = await(Duration.ofSeconds(20), () -> json(send("GET", silences, reader, null)).get("logs"),
                l -> l.size() >= 2);
        List<String> bodies = bodies(records);
        assertTrue(bodies.stream().anyMatch(b -> b.startsWith("silence create by silence-writer from 127.0.0.1: silence "
                + id + " [alertname=\"" + marker + "\"]") && b.endsWith("created by on-call: maintenance")),
                bodies.toString());
        assertTrue(bodies.contains("silence expire by silence-writer from 127.0.0.1: silence " + id), bodies.toString());
        for (JsonNode record : records) {
            assertEquals("true", record.get("attributes").get("audit").asText(), record.toString());
            assertEquals("silences", record.get("gear_id").asText(), record.toString());
        }

        URI reloads = fluxtap.api("/api/v1/logs?limit=20&entity_name=fluxtap&contains=" + q("reload by"));
        JsonNode reload = await(Duration.ofSeconds(20), () -> json(send("GET", reloads, reader, null)).get("logs"),
                l -> l.size() >= 1);
        assertTrue(reload.get(0).get("body").asText().startsWith("reload by bootstrap-admin from 127.0.0.1: "),
                reload.toString());
        assertTrue(reload.get(0).get("body").asText().endsWith(": reloaded"), reload.toString());
        assertEquals("reload", reload.get(0).get("gear_id").asText(), reload.toString());
    }

    @Test
    void everyBackupIsAnAuditRecordNamingTheCallerAndTheDirectory() throws Exception {
        String admin = bootstrapToken();
        String reader = create(admin, "backup-audit-reader", "read");
        java.nio.file.Path parent = Files.createTempDirectory("fluxtap-backup-audit");
        java.nio.file.Path target = parent.resolve("b1");
        try {
            StringWriter err = new StringWriter();
            int status = BackupCli.run(new String[] {target.toString(), "--url", fluxtap.api("/").toString(),
                    "--token-file", fluxtap.dataDir().resolve("bootstrap-admin.token").toString()},
                    new PrintWriter(new StringWriter()), new PrintWriter(err));
            assertEquals(0, status, err.toString());
            HttpResponse<String> refused = send("POST", fluxtap.api("/api/v1/admin/backup"), admin,
                    "{\"dir\":\"relative/dir\"}");
            assertEquals(400, refused.statusCode(), refused.body());

            URI audit = fluxtap.api("/api/v1/logs?limit=50&entity_name=fluxtap&contains=backup");
            JsonNode records = await(Duration.ofSeconds(20), () -> json(send("GET", audit, reader, null)).get("logs"),
                    l -> bodies(l).stream().anyMatch(b -> b.startsWith("backup refused by bootstrap-admin")));
            JsonNode made = null;
            for (JsonNode record : records) {
                if (record.get("body").asText().equals("backup by bootstrap-admin from 127.0.0.1: " + target)) {
                    made = record;
                }
            }
            assertTrue(made != null, bodies(records).toString());
            assertEquals("backup", made.get("gear_id").asText(), made.toString());
            assertEquals("true", made.get("attributes").get("audit").asText(), made.toString());
            assertEquals("backup", made.get("attributes").get("action").asText(), made.toString());
            assertEquals("127.0.0.1", made.get("attributes").get("from").asText(), made.toString());
            assertTrue(bodies(records).contains("backup refused by bootstrap-admin from 127.0.0.1: relative/dir: the "
                    + "backup directory must be an absolute path, not 'relative/dir'"), bodies(records).toString());
        } finally {
            io.fluxtap.testing.TempDirs.delete(parent);
        }
    }

    private static List<String> bodies(JsonNode logs) {
        List<String> bodies = new ArrayList<>();
        logs.forEach(l -> bodies.add(l.get("body").asText()));
        return bodies;
    }

    /** One OTLP/gRPC logs export through grpc-java's own client; its status. */
    private Status rawExport(String service, String body, String token) {
        URI target = URI.create(fluxtap.otlpGrpc());
        ManagedChannel channel = Grpc.newChannelBuilderForAddress(target.getHost(), target.getPort(),
                InsecureChannelCredentials.create()).build();
        try {
            Metadata headers = new Metadata();
            if (token != null) {
                headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            }
            MethodDescriptor.Marshaller<byte[]> bytes = new MethodDescriptor.Marshaller<>() {
                @Override
                public InputStream stream(byte[] value) {
                    return new java.io.ByteArrayInputStream(value);
                }

                @Override
                public byte[] parse(InputStream stream) {
                    try {
                        return stream.readAllBytes();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            };
            MethodDescriptor<byte[], byte[]> export = MethodDescriptor.<byte[], byte[]>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName("opentelemetry.proto.collector.logs.v1.LogsService/Export")
                    .setRequestMarshaller(bytes).setResponseMarshaller(bytes).build();
            byte[] request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                    .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder().addAttributes(
                            KeyValue.newBuilder().setKey("service.name")
                                    .setValue(AnyValue.newBuilder().setStringValue(service))))
                    .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(io.opentelemetry.proto.logs.v1.LogRecord
                            .newBuilder().setBody(AnyValue.newBuilder().setStringValue(body)))))
                    .build().toByteArray();
            try {
                ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(channel,
                                MetadataUtils.newAttachHeadersInterceptor(headers)), export,
                        CallOptions.DEFAULT.withDeadlineAfter(15, TimeUnit.SECONDS), request);
                return Status.OK;
            } catch (StatusRuntimeException e) {
                return e.getStatus();
            }
        } finally {
            channel.shutdownNow();
        }
    }

    private boolean exportLog(String service, String body, String token) {
        var builder = OtlpGrpcLogRecordExporter.builder().setEndpoint(fluxtap.otlpGrpc());
        if (token != null) {
            builder.addHeader("authorization", "Bearer " + token);
        }
        try (SdkLoggerProvider provider = SdkLoggerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(builder.build())).build()) {
            provider.get("auth-test").logRecordBuilder().setBody(body).emit();
            CompletableResultCode flushed = provider.forceFlush().join(15, TimeUnit.SECONDS);
            return flushed.isSuccess();
        }
    }

    private String bootstrapToken() {
        return Tokens.bootstrap(fluxtap);
    }

    private String create(String admin, String name, String scopes) {
        return Tokens.create(fluxtap, admin, name, scopes);
    }

    /** The status of one request to the route, its path parameters filled in; headers only (tails stream). */
    private int call(String route, String token) {
        String method = route.substring(0, route.indexOf(' '));
        String template = route.substring(route.indexOf(' ') + 1);
        String path = template.replaceAll("\\{wireId: \\.\\+}", "acl/test-v1").replaceAll("\\{[^}]+}", "acl-test");
        URI uri = NOT_JAX_RS.contains(route) && path.startsWith("/v1/") ? URI.create(fluxtap.otlpHttpBase() + path)
                : fluxtap.api(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        if (!method.equals("GET") && !method.equals("DELETE")) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return response.statusCode();
        } catch (IOException e) {
            throw new AssertionError(route + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(route + " interrupted", e);
        }
    }

    private HttpResponse<String> send(String method, URI uri, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(method + " " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(uri + " interrupted", e);
        }
    }

    /**
     * Every {@code METHOD /path} of the JAX-RS resources in Fluxtap's own classes on the class path (not the tests'),
     * read from their annotations without initialising them.
     */
    private static Set<String> jaxRsRoutes() throws IOException {
        Set<String> routes = new TreeSet<>();
        ClassLoader loader = AccessControlEndToEndTest.class.getClassLoader();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            java.nio.file.Path location = java.nio.file.Path.of(entry);
            if (entry.contains("test-classes") || !Files.exists(location)) {
                continue;
            }
            for (String className : fluxtapClasses(location)) {
                Class<?> type;
                try {
                    type = Class.forName(className, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                Path root = type.getAnnotation(Path.class);
                if (root == null) {
                    continue;
                }
                for (Method method : type.getMethods()) {
                    String verb = httpMethod(method);
                    Path sub = method.getAnnotation(Path.class);
                    if (verb == null) {
                        if (sub != null) {
                            fail(type.getName() + "." + method.getName() + " is a sub-resource locator: enumerate it");
                        }
                        continue;
                    }
                    routes.add(verb + " " + join(root.value(), sub == null ? "" : sub.value()));
                }
            }
        }
        return routes;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    private static String join(String root, String sub) {
        String path = ("/" + root + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static List<String> fluxtapClasses(java.nio.file.Path location) throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(location)) {
            java.nio.file.Path base = location.resolve("io/fluxtap");
            if (Files.isDirectory(base)) {
                try (Stream<java.nio.file.Path> files = Files.walk(base)) {
                    files.map(p -> location.relativize(p).toString()).filter(n -> n.endsWith(".class"))
                            .forEach(n -> names.add(className(n.replace(java.io.File.separatorChar, '/'))));
                }
            }
        } else if (location.toString().endsWith(".jar")) {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                    String name = entries.nextElement().getName();
                    if (name.startsWith("io/fluxtap/") && name.endsWith(".class")) {
                        names.add(className(name));
                    }
                }
            }
        }
        return names;
    }

    private static String className(String file) {
        return file.substring(0, file.length() - ".class".length()).replace('/', '.');
    }
}
