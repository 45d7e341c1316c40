package io.fluxtap.dist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.api.tls.PemFiles;
import io.fluxtap.dist.arquillian.RunningFluxtap;
import io.fluxtap.testing.Await;
import io.fluxtap.testing.TestCertificates;
import io.fluxtap.ui.testing.BrowserSession;
import io.fluxtap.ui.testing.HeadlessChromium;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #17 (TLS): every listener serves TLS from {@code fluxtap.tls.cert}/{@code key}, a certificate made at test
 * time by a CA made at test time, and real clients connect to it: curl ({@code --cacert}) to the REST API, OTLP/HTTP
 * and the dashboard, the OpenTelemetry Java SDK's exporters over gRPC and HTTP (their records are then found by a
 * query), the gRPC C-core (Python grpcio) and a real Prometheus that scrapes {@code /metrics} and remote_writes over
 * TLS, and headless Chromium trusting exactly the server's keys runs the dashboard over https. The ingest listeners run with {@code fluxtap.tls.client-auth=required}: a sender without a certificate from
 * {@code fluxtap.tls.client-ca} is refused there and nothing of it is stored, while the API and dashboard serve
 * clients without one. A second certificate written over the files is served to new connections on all four ports.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TlsEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path DIR = tempDir();
    private static final TestCertificates.Ca CA = TestCertificates.ca("Fluxtap test CA");
    private static final Path CA_PEM = CA.writePem(DIR.resolve("ca.pem"));
    private static final TestCertificates.Issued FIRST = CA.server("fluxtap-server-1");
    private static final TestCertificates.Pem SERVER = FIRST.writePem(DIR.resolve("server"));
    /** Written over the first one's files by the reload test. */
    private static final TestCertificates.Issued SECOND = CA.server("fluxtap-server-2");
    private static final TestCertificates.Pem CLIENT = CA.client("test-sender").writePem(DIR.resolve("client"));

    @ArquillianResource
    RunningFluxtap fluxtap;

    @Deployment(testable = false)
    static JavaArchive deployment() {
        // Every test class runs in a JVM of its own (dist's surefire configuration), so these reach only this server.
        System.setProperty("fluxtap.tls.cert", SERVER.cert().toString());
        System.setProperty("fluxtap.tls.key", SERVER.key().toString());
        System.setProperty("fluxtap.tls.client-ca", CA_PEM.toString());
        System.setProperty("fluxtap.tls.client-auth", "required");
        System.setProperty("fluxtap.tls.reload-interval", "200ms");
        return ShrinkWrap.create(JavaArchive.class, "fluxtap-tls.jar");
    }

    @Test
    void everyListenerAnnouncesHttps() {
        assertEquals("https", fluxtap.endpoints().api().getScheme());
        assertEquals("https", fluxtap.endpoints().otlpHttp().getScheme());
        assertEquals("https", fluxtap.endpoints().otlpGrpc().getScheme());
        assertEquals("https", fluxtap.endpoints().dashboard().getScheme());
    }

    @Test
    void curlReachesTheApiAndTheDashboardWithTheCaAndOtlpHttpWithACertificate() {
        Curl health = curl("--cacert", CA_PEM.toString(), "-w", "%{http_code}", "-o", "/dev/null",
                fluxtap.api("/health/ready").toString());
        assertEquals(new Curl(0, "200"), health.withoutError(), health.stderr());

        Curl page = curl("--cacert", CA_PEM.toString(), "-D", "-", fluxtap.dashboard("/").toString());
        assertEquals(0, page.exit(), page.stderr());
        assertTrue(page.stdout().startsWith("HTTP/1.1 200"), page.stdout());
        String cookie = page.stdout().lines().filter(line -> line.regionMatches(true, 0, "Set-Cookie:", 0, 11))
                .findFirst().orElse("(no Set-Cookie)");
        assertTrue(cookie.contains("; Secure"), "the dashboard's session cookie over TLS: " + cookie);

        Curl plain = curl("-w", "%{http_code}", "-o", "/dev/null",
                fluxtap.api("/health/ready").toString().replace("https://", "http://"));
        assertNotEquals(new Curl(0, "200"), plain.withoutError(), "plain HTTP on a TLS port must not be served");

        String service = "tls-curl-" + UUID.randomUUID();
        String logs = otlpJsonLog(service, "sent by curl over TLS");
        String otlpLogs = fluxtap.otlpHttpBase() + "/v1/logs";
        Curl refused = curl("--cacert", CA_PEM.toString(), "-H", "Content-Type: application/json",
                "--data-binary", logs, otlpLogs);
        assertNotEquals(0, refused.exit(), "no client certificate: the handshake fails (" + refused + ")");

        Curl sent = curl("--cacert", CA_PEM.toString(), "--cert", CLIENT.cert().toString(),
                "--key", CLIENT.key().toString(), "-H", "Content-Type: application/json",
                "-w", "%{http_code}", "-o", "/dev/null", "--data-binary", logs, otlpLogs);
        assertEquals(new Curl(0, "200"), sent.withoutError(), sent.stderr());
        JsonNode stored = awaitLogs(service, 1);
        assertEquals("sent by curl over TLS", stored.get(0).get("body").asText());
    }

    @Test
    void theDashboardRunsOverHttpsInABrowser() {
        try (BrowserSession browser = HeadlessChromium.locate().openTrusting(1400, 900,
                List.of(FIRST.certificate(), SECOND.certificate()))) {
            browser.navigate(fluxtap.dashboard("/"));
            assertEquals("https:", browser.await("window.Vaadin && window.Vaadin.Flow"
                    + " && document.querySelector('#theme-toggle') && location.protocol", WAIT).asText());
            // The button's listener runs on the server: the click is a Vaadin POST with Origin https://...,
            // which the dashboard's Origin rule must take for its own.
            browser.eval("window.themeBefore = document.documentElement.getAttribute('theme'); true");
            browser.click("#theme-toggle");
            browser.await("document.documentElement.getAttribute('theme') !== window.themeBefore", WAIT);
            assertEquals(List.of(), browser.exceptions());
        }
    }

    @Test
    void theOpenTelemetrySdkExportsOverGrpcAndHttpWithItsCertificate() throws IOException {
        byte[] ca = Files.readAllBytes(CA_PEM);
        byte[] key = Files.readAllBytes(CLIENT.key());
        byte[] cert = Files.readAllBytes(CLIENT.cert());

        String grpcService = "tls-sdk-grpc-" + UUID.randomUUID();
        assertTrue(export(grpcService, "over gRPC and TLS", OtlpGrpcLogRecordExporter.builder()
                .setEndpoint(fluxtap.otlpGrpc()).setTrustedCertificates(ca).setClientTls(key, cert).build()));
        String httpService = "tls-sdk-http-" + UUID.randomUUID();
        assertTrue(export(httpService, "over HTTP and TLS", OtlpHttpLogRecordExporter.builder()
                .setEndpoint(fluxtap.otlpHttpBase() + "/v1/logs").setTrustedCertificates(ca)
                .setClientTls(key, cert).build()));
        assertEquals("over gRPC and TLS", awaitLogs(grpcService, 1).get(0).get("body").asText());
        assertEquals("over HTTP and TLS", awaitLogs(httpService, 1).get(0).get("body").asText());

        // Without a client certificate both ingest listeners refuse the connection, and nothing is stored.
        String refusedService = "tls-sdk-refused-" + UUID.randomUUID();
        assertFalse(export(refusedService, "no certificate", OtlpGrpcLogRecordExporter.builder()
                .setEndpoint(fluxtap.otlpGrpc()).setTrustedCertificates(ca).setTimeout(Duration.ofSeconds(5)).build()));
        assertFalse(export(refusedService, "no certificate", OtlpHttpLogRecordExporter.builder()
                .setEndpoint(fluxtap.otlpHttpBase() + "/v1/logs").setTrustedCertificates(ca)
                .setTimeout(Duration.ofSeconds(5)).build()));
        String marker = "tls-sdk-after-" + UUID.randomUUID();
        assertTrue(export(marker, "after the refusals", OtlpHttpLogRecordExporter.builder()
                .setEndpoint(fluxtap.otlpHttpBase() + "/v1/logs").setTrustedCertificates(ca)
                .setClientTls(key, cert).build()));
        awaitLogs(marker, 1);
        assertEquals(0, logs(refusedService).size(), "a refused sender's records were stored");
    }

    @Test
    void theGrpcCCoreExportsOverTls() throws Exception {
        String service = "tls-grpcio-" + UUID.randomUUID();
        Path script = DIR.resolve("grpcio_tls_export.py");
        // A generic unary call with the serialized request, as the C-core SDKs (Python, C++, Ruby, PHP) send it.
        Files.writeString(script, """
                import sys, grpc
                target, ca, key, cert, request = sys.argv[1:6]
                read = lambda path: open(path, 'rb').read()
                credentials = grpc.ssl_channel_credentials(read(ca), read(key), read(cert))
                with grpc.secure_channel(target, credentials) as channel:
                    call = channel.unary_unary('/opentelemetry.proto.collector.logs.v1.LogsService/Export')
                    call(read(request), timeout=20)
                print('OK')
                """);
        Path request = DIR.resolve("grpcio-request.bin");
        Files.write(request, ProtobufSeeds.logsRequest(service, "from grpcio over TLS"));
        URI grpc = URI.create(fluxtap.otlpGrpc());
        Process python = new ProcessBuilder("/usr/bin/python3", script.toString(),
                "localhost:" + grpc.getPort(), CA_PEM.toString(), CLIENT.key().toString(), CLIENT.cert().toString(),
                request.toString()).redirectErrorStream(true).start();
        assertTrue(python.waitFor(60, TimeUnit.SECONDS), "python did not finish");
        String out = new String(python.getInputStream().readAllBytes());
        assertEquals(0, python.exitValue(), out);
        assertEquals("from grpcio over TLS", awaitLogs(service, 1).get(0).get("body").asText());
    }

    @Test
    void prometheusScrapesAndRemoteWritesOverTls() throws Exception {
        URI api = fluxtap.api("/");
        String job = "tls-" + UUID.randomUUID();
        String config = """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: %1$s
                    scheme: https
                    tls_config: {ca_file: %2$s}
                    static_configs:
                      - targets: ['localhost:%3$d']
                remote_write:
                  - url: https://localhost:%3$d/api/v1/write
                    tls_config: {ca_file: %2$s}
                    queue_config:
                      batch_send_deadline: 200ms
                      min_backoff: 100ms
                      max_backoff: 1s
                """.formatted(job, CA_PEM, api.getPort());
        try (PrometheusProcess prometheus = PrometheusProcess.start(DIR, config)) {
            // up = 1 stored in Fluxtap: Prometheus scraped it over TLS and wrote the sample back over TLS.
            JsonNode samples = Await.value(Duration.ofSeconds(90),
                    () -> json(get(fluxtap.api("/api/v1/metrics/samples?name=up"))).path("samples"),
                    found -> found.findValuesAsText("job").contains(job));
            boolean up = false;
            for (JsonNode sample : samples) {
                up |= job.equals(sample.path("labels").path("job").asText()) && sample.get("value").asDouble() == 1.0;
            }
            assertTrue(up, () -> samples + "\n" + prometheus.log());
        }
    }

    @Test
    void aSecondCertificateWrittenOverTheFilesIsServedToNewConnections() throws Exception {
        List<URI> listeners = List.of(fluxtap.api("/"), URI.create(fluxtap.otlpHttpBase()),
                URI.create(fluxtap.otlpGrpc()), fluxtap.dashboard("/"));
        for (URI listener : listeners) {
            assertEquals(FIRST.certificate().getSerialNumber(), served(listener).getSerialNumber(), listener.toString());
        }
        TestCertificates.Issued second = SECOND;
        second.writePem(DIR.resolve("server"));
        for (URI listener : listeners) {
            X509Certificate now = Await.value(WAIT, () -> served(listener),
                    certificate -> certificate.getSerialNumber().equals(second.certificate().getSerialNumber()));
            assertEquals("CN=fluxtap-server-2", now.getSubjectX500Principal().getName(), listener.toString());
        }
        // Clients that trust the CA go on working with the new certificate.
        Curl health = curl("--cacert", CA_PEM.toString(), "-w", "%{http_code}", "-o", "/dev/null",
                fluxtap.api("/health/ready").toString());
        assertEquals(new Curl(0, "200"), health.withoutError(), health.stderr());
    }

    /** The certificate a fresh handshake to the listener presents (with the client certificate, as ingest needs). */
    private static X509Certificate served(URI listener) {
        try {
            SSLContext context = clientContext();
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", listener.getPort())) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setApplicationProtocols(new String[]{"h2", "http/1.1"});
                socket.setSSLParameters(parameters);
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                return (X509Certificate) socket.getSession().getPeerCertificates()[0];
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SSLContext clientContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(PemFiles.keyStore("client", PemFiles.privateKey(CLIENT.key()),
                    PemFiles.certificates(CLIENT.cert())), PemFiles.storePassword());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(PemFiles.trustStore(CA_PEM));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean export(String service, String body, LogRecordExporter exporter) {
        try (SdkLoggerProvider provider = SdkLoggerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build()) {
            provider.get("tls-test").logRecordBuilder().setBody(body).emit();
            CompletableResultCode flushed = provider.forceFlush().join(30, TimeUnit.SECONDS);
            return flushed.isSuccess();
        }
    }

    private JsonNode awaitLogs(String service, int count) {
        return Await.value(WAIT, () -> logs(service), found -> found.size() >= count);
    }

    private JsonNode logs(String service) {
        return json(get(fluxtap.api("/api/v1/logs?limit=100&entity_name=" + TestHttp.q(service)))).get("logs");
    }

    private static HttpResponse<String> get(URI uri) {
        HttpClient client = HttpClient.newBuilder().sslContext(clientContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
        try (client) {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return TestHttp.json(response);
    }

    private static String otlpJsonLog(String service, String body) {
        return """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}}]},
                 "scopeLogs":[{"logRecords":[{"timeUnixNano":"%d","severityNumber":9,"body":{"stringValue":"%s"}}]}]}]}
                """.formatted(service, System.currentTimeMillis() * 1_000_000L, body);
    }

    private record Curl(int exit, String stdout, String stderr) {
        Curl(int exit, String stdout) {
            this(exit, stdout, "");
        }

        Curl withoutError() {
            return new Curl(exit, stdout);
        }
    }

    private static Curl curl(String... args) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectError(DIR.resolve("curl.err").toFile()).start();
            String out = new String(process.getInputStream().readAllBytes());
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "curl did not finish");
            return new Curl(process.exitValue(), out, Files.readString(DIR.resolve("curl.err")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("fluxtap-tls-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
