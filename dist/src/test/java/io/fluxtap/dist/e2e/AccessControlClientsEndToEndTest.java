package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.get;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static io.fluxtap.dist.e2e.TestHttp.post;
import static io.fluxtap.dist.e2e.TestHttp.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.dist.arquillian.RunningFluxtap;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real clients the README names under "Access control", against the real server with access control on
 * ({@code fluxtap.auth.enabled=true}) (issue #17): {@code amtool} with {@code --http.config.file}, a real Prometheus
 * with {@code authorization: {credentials: ...}} in {@code remote_write} and {@code alerting.alertmanagers}, and the
 * OpenTelemetry SDK's OTLP/HTTP exporter with an {@code authorization} header, and the SDK's autoconfiguration with
 * the README's {@code OTEL_EXPORTER_OTLP_HEADERS} over OTLP/HTTP and OTLP/gRPC. Each is also shown refused without its
 * token, so none can pass with access control silently off.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AccessControlClientsEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ArquillianResource
    RunningFluxtap fluxtap;

    @TempDir
    Path workDir;

    @Deployment(testable = false)
    static JavaArchive deployment() {
        // Every test class runs in a JVM of its own (dist's surefire configuration), so this reaches only this server.
        System.setProperty("fluxtap.auth.enabled", "true");
        return ShrinkWrap.create(JavaArchive.class, "fluxtap-access-control-clients.jar");
    }

    @Test
    void amtoolWithATokenInItsHttpConfigFileManagesSilencesAndQueriesAlerts() throws Exception {
        String admin = Tokens.bootstrap(fluxtap);
        // amtool's queries are GETs (read), its silence changes write.
        String token = Tokens.create(fluxtap, admin, "amtool", "read,write");
        String reader = Tokens.create(fluxtap, admin, "amtool-reader", "read");
        assertEquals(200, post(fluxtap.api("/alertmanager/api/v2/alerts"), "application/json", """
                [{"labels": {"alertname": "AmtoolWithToken", "service": "amtool-auth", "severity": "warning"}}]"""
                .getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + token).statusCode());

        // Without the file: refused, whatever it asks.
        Amtool anonymous = new Amtool(fluxtap.api("/"));
        for (String[] args : new String[][] {{"silence", "query"}, {"alert", "query"},
                {"silence", "add", "alertname=AmtoolWithToken", "--comment=c", "--author=a", "--duration=1h"}}) {
            Amtool.Command refused = anonymous.run(args);
            assertNotEquals(0, refused.exit(), String.join(" ", args) + ": " + refused.output());
            assertTrue(refused.output().contains("401") || refused.output().toLowerCase().contains("unauthorized"),
                    String.join(" ", args) + ": " + refused.output());
        }
        // A token that may read but not write: queries answer, a silence is refused (403).
        Amtool readOnly = new Amtool(fluxtap.api("/"), httpConfig("reader.yml", reader));
        assertEquals(0, readOnly.run("silence", "query").exit());
        Amtool.Command forbidden = readOnly.run("silence", "add", "alertname=AmtoolWithToken", "--comment=c",
                "--author=a", "--duration=1h");
        assertNotEquals(0, forbidden.exit(), forbidden.output());
        assertTrue(forbidden.output().contains("403") || forbidden.output().toLowerCase().contains("forbidden"),
                forbidden.output());

        Amtool amtool = new Amtool(fluxtap.api("/"), httpConfig("amtool.yml", token));
        Amtool.Command listed = amtool.run("alert", "query", "alertname=AmtoolWithToken");
        assertEquals(0, listed.exit(), listed.output());
        assertTrue(listed.output().contains("AmtoolWithToken"), listed.output());

        Amtool.Command added = amtool.run("silence", "add", "alertname=AmtoolWithToken", "--comment=with a token",
                "--author=tester", "--duration=1h");
        assertEquals(0, added.exit(), added.output());
        String id = added.output().strip();
        assertTrue(id.matches("[0-9a-f-]{36}"), "amtool prints the new silence's id: " + added.output());
        Amtool.Command query = amtool.run("silence", "query", "alertname=AmtoolWithToken");
        assertEquals(0, query.exit(), query.output());
        assertTrue(query.output().contains(id) && query.output().contains("with a token"), query.output());
        // The one silence: none of the refused adds was stored.
        assertEquals(id, amtool.run("silence", "query", "-q", "alertname=AmtoolWithToken").output().strip());
        assertFalse(amtool.run("alert", "query", "alertname=AmtoolWithToken").output().contains("AmtoolWithToken"),
                "the silenced alert is hidden");

        Amtool.Command expired = amtool.run("silence", "expire", id);
        assertEquals(0, expired.exit(), expired.output());
        assertEquals("", amtool.run("silence", "query", "-q", "alertname=AmtoolWithToken").output().strip());
        assertTrue(amtool.run("alert", "query", "alertname=AmtoolWithToken").output().contains("AmtoolWithToken"));
        JsonNode silence = json(get(fluxtap.api("/alertmanager/api/v2/silence/" + id), "Authorization",
                "Bearer " + reader));
        assertEquals("expired", silence.path("status").path("state").asText(), silence.toString());
    }

    @Test
    void prometheusRemoteWritesAndSendsItsAlertsWithItsTokens() throws Exception {
        String admin = Tokens.bootstrap(fluxtap);
        String ingest = Tokens.create(fluxtap, admin, "prometheus-writer", "ingest");
        String alerter = Tokens.create(fluxtap, admin, "prometheus-alerts", "write");
        String reader = Tokens.create(fluxtap, admin, "prometheus-reader", "read");
        String job = "auth-" + UUID.randomUUID();
        Path rules = workDir.resolve("rules.yml");
        Files.writeString(rules, """
                groups:
                  - name: from-prometheus
                    rules:
                      - alert: PrometheusWithAToken
                        expr: vector(1)
                        labels:
                          service: %s
                """.formatted(job));
        int port = fluxtap.api("/").getPort();
        // Two remote_write queues, one without the token: Prometheus counts the samples refused to it.
        String config = """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: ['%1$s']
                scrape_configs:
                  - job_name: %2$s
                    static_configs:
                      - targets: ['127.0.0.1:%3$d']
                remote_write:
                  - name: with-token
                    url: http://127.0.0.1:%3$d/api/v1/write
                    authorization: {credentials: %4$s}
                    queue_config: {batch_send_deadline: 200ms, min_backoff: 100ms, max_backoff: 1s}
                  - name: without-token
                    url: http://127.0.0.1:%3$d/api/v1/write
                    queue_config: {batch_send_deadline: 200ms, min_backoff: 100ms, max_backoff: 1s}
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ['127.0.0.1:%3$d']
                      path_prefix: /alertmanager
                      authorization: {credentials: %5$s}
                """.formatted(rules, job, port, ingest, alerter);
        // The first evaluation runs before the Alertmanager is discovered and its alert is dropped; the default
        // resend delay (1m) would send it again only a minute later.
        try (PrometheusProcess prometheus = PrometheusProcess.start(workDir, config, "--rules.alert.resend-delay=1s")) {
            // up = 1 of the job, remote-written with the ingest token, queryable with a read token.
            JsonNode samples = TestHttp.await(WAIT, () -> {
                assertTrue(prometheus.isAlive(), prometheus::log);
                return json(get(fluxtap.api("/api/v1/metrics/samples?name=up"), "Authorization", "Bearer " + reader))
                        .path("samples");
            }, found -> found.findValuesAsText("job").contains(job));
            boolean up = false;
            for (JsonNode sample : samples) {
                up |= job.equals(sample.path("labels").path("job").asText()) && sample.get("value").asDouble() == 1.0;
            }
            assertTrue(up, samples::toString);
            JsonNode promql = json(get(fluxtap.api("/prometheus/api/v1/query?query=" + q("up{job=\"" + job + "\"}")),
                    "Authorization", "Bearer " + reader));
            assertEquals(1, promql.path("data").path("result").size(), promql.toString());

            // The alert, posted with the write token, is in the Alertmanager API.
            URI alerts = fluxtap.api("/alertmanager/api/v2/alerts?filter=" + q("alertname=PrometheusWithAToken"));
            JsonNode alert = TestHttp.await(WAIT, () -> {
                assertTrue(prometheus.isAlive(), prometheus::log);
                return json(get(alerts, "Authorization", "Bearer " + reader));
            }, list -> list.size() == 1).get(0);
            assertEquals(job, alert.path("labels").path("service").asText(), alert.toString());
            assertEquals("active", alert.path("status").path("state").asText(), alert.toString());

            // The queue without a token was refused: Prometheus drops what a 401 refuses and counts it.
            Pattern failed = Pattern.compile(
                    "prometheus_remote_storage_samples_failed_total\\{([^}]*)} ([0-9.e+]+)");
            URI metrics = URI.create("http://127.0.0.1:" + prometheus.port() + "/metrics");
            TestHttp.await(WAIT, () -> failedSamples(get(metrics).body(), failed, "without-token"), n -> n > 0);
            assertEquals(0.0, failedSamples(get(metrics).body(), failed, "with-token"), prometheus.log());
        }
        // And without a token at all, nothing is taken from a remote write or an alert post.
        assertEquals(401, post(fluxtap.api("/api/v1/write"), "application/x-protobuf", new byte[0]).statusCode());
        assertEquals(401, post(fluxtap.api("/alertmanager/api/v2/alerts"), "application/json",
                "[]".getBytes(StandardCharsets.UTF_8)).statusCode());
    }

    @Test
    void theOtlpHttpExporterSendsItsAuthorizationHeader() throws Exception {
        String admin = Tokens.bootstrap(fluxtap);
        String ingest = Tokens.create(fluxtap, admin, "http-sender", "ingest");
        String reader = Tokens.create(fluxtap, admin, "http-reader", "read");
        String service = "auth-http-" + UUID.randomUUID();

        assertFalse(exportLog(service, "refused: no token", null), "an export without a token was accepted");
        assertFalse(exportLog(service, "refused: read token", reader), "an export with a read token was accepted");
        assertTrue(exportLog(service, "accepted", ingest), "the export with an ingest token failed");

        URI logs = fluxtap.api("/api/v1/logs?limit=100&entity_name=" + q(service));
        JsonNode found = TestHttp.await(WAIT, () -> json(get(logs, "Authorization", "Bearer " + reader)).get("logs"),
                l -> l.size() >= 1);
        // The refused records, exported before the accepted one on the same lane, are not stored.
        assertEquals(1, found.size(), found.toString());
        assertEquals("accepted", found.get(0).get("body").asText());
    }

    @Test
    void theReadmesOtelExporterOtlpHeadersWorkWithTheSdksAutoconfigurationOverHttpAndGrpc() throws Exception {
        // The value as the README gives it: the spec's percent-encoding, which SDKs before 1.35 (Java) pass on as is.
        Matcher readme = Pattern.compile("`OTEL_EXPORTER_OTLP_HEADERS=(authorization=[^`]*)<token>`")
                .matcher(Files.readString(Path.of("../README.md")));
        assertTrue(readme.find(), "README.md names OTEL_EXPORTER_OTLP_HEADERS=authorization=...<token>");
        String admin = Tokens.bootstrap(fluxtap);
        String ingest = Tokens.create(fluxtap, admin, "autoconfigured", "ingest");
        String reader = Tokens.create(fluxtap, admin, "autoconfigured-reader", "read");
        for (String protocol : List.of("http/protobuf", "grpc")) {
            String service = "auth-env-" + protocol.replace('/', '-') + "-" + UUID.randomUUID();
            String endpoint = protocol.equals("grpc") ? fluxtap.otlpGrpc() : fluxtap.otlpHttpBase();
            autoconfiguredLog(service, protocol, endpoint, null, "refused: no headers");
            autoconfiguredLog(service, protocol, endpoint, readme.group(1) + ingest, "accepted");
            URI logs = fluxtap.api("/api/v1/logs?limit=100&entity_name=" + q(service));
            JsonNode found = TestHttp.await(WAIT, () -> json(get(logs, "Authorization", "Bearer " + reader))
                    .get("logs"), l -> l.size() >= 1);
            assertEquals(1, found.size(), protocol + ": " + found);
            assertEquals("accepted", found.get(0).get("body").asText(), protocol);
        }
    }

    /**
     * One log record through an SDK set up by its autoconfiguration from {@code OTEL_*} settings, as an application
     * started with those environment variables is; flushed and shut down before this returns.
     */
    private static void autoconfiguredLog(String service, String protocol, String endpoint, String headers,
            String body) {
        Map<String, String> settings = new HashMap<>(Map.of("otel.service.name", service,
                "otel.exporter.otlp.protocol", protocol, "otel.exporter.otlp.endpoint", endpoint,
                "otel.logs.exporter", "otlp", "otel.traces.exporter", "none", "otel.metrics.exporter", "none"));
        if (headers != null) {
            settings.put("otel.exporter.otlp.headers", headers);
        }
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder().addPropertiesSupplier(() -> settings)
                .disableShutdownHook().build().getOpenTelemetrySdk();
        try {
            sdk.getLogsBridge().get("auth-env-test").logRecordBuilder().setBody(body).emit();
            sdk.getSdkLoggerProvider().forceFlush().join(15, TimeUnit.SECONDS);
        } finally {
            sdk.getSdkLoggerProvider().shutdown().join(15, TimeUnit.SECONDS);
        }
    }

    /** One log record through the SDK's OTLP/HTTP (protobuf) exporter; whether the export succeeded. */
    private boolean exportLog(String service, String body, String token) {
        OtlpHttpLogRecordExporterBuilder builder = OtlpHttpLogRecordExporter.builder()
                .setEndpoint(fluxtap.otlpHttpBase() + "/v1/logs");
        if (token != null) {
            builder.addHeader("authorization", "Bearer " + token);
        }
        try (SdkLoggerProvider provider = SdkLoggerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(builder.build())).build()) {
            provider.get("auth-http-test").logRecordBuilder().setBody(body).emit();
            return provider.forceFlush().join(15, TimeUnit.SECONDS).isSuccess();
        }
    }

    /** The samples Prometheus counted as failed for the named remote_write queue (0 before any failed). */
    private static double failedSamples(String metrics, Pattern failed, String queue) {
        Matcher matcher = failed.matcher(metrics);
        double total = 0;
        while (matcher.find()) {
            if (matcher.group(1).contains("remote_name=\"" + queue + "\"")) {
                total += Double.parseDouble(matcher.group(2));
            }
        }
        return total;
    }

    private Path httpConfig(String name, String token) throws Exception {
        Path file = workDir.resolve(name);
        Files.writeString(file, "authorization:\n  credentials: " + token + "\n");
        return file;
    }
}
