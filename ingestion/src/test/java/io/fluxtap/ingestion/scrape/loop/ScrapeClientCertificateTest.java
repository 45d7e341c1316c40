package io.fluxtap.ingestion.scrape.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.fluxtap.api.Labels;
import io.fluxtap.api.MetricSample;
import io.fluxtap.ingestion.scrape.config.HttpClientSettings;
import io.fluxtap.ingestion.scrape.config.HttpClientSettings.TlsConfig;
import io.fluxtap.ingestion.scrape.discovery.RelabelStep;
import io.fluxtap.ingestion.scrape.discovery.Target;
import io.fluxtap.testing.TestCertificates;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tls_config.cert_file}/{@code key_file}: a target that demands a client certificate (mutual TLS, as an
 * exporter behind a TLS-terminating proxy or node_exporter's {@code client_auth_type: RequireAndVerifyClientCert})
 * is scraped with one its CA issued, and refuses a scrape without one or with one of another CA.
 */
class ScrapeClientCertificateTest {

    @TempDir
    static Path dir;
    private static HttpsServer server;
    private static Path caFile;
    private static TestCertificates.Pem client;
    private static TestCertificates.Pem stranger;
    private static final AtomicReference<String> lastPeer = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        TestCertificates.Ca ca = TestCertificates.ca("scrape-ca");
        caFile = ca.writePem(dir.resolve("ca.pem"));
        client = ca.client("fluxtap-scraper").writePem(dir.resolve("client"));
        stranger = TestCertificates.ca("other-ca").client("fluxtap-scraper").writePem(dir.resolve("stranger"));

        Path serverStore = ca.server("exporter").writePkcs12(dir.resolve("server.p12"), "changeit");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverStore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = context.getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        server.createContext("/metrics", exchange -> {
            SSLSession session = ((com.sun.net.httpserver.HttpsExchange) exchange).getSSLSession();
            lastPeer.set(session.getPeerPrincipal().getName());
            byte[] body = "mtls_up 1\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private record Result(ScrapeLoop.Status status, List<MetricSample> samples) {
    }

    private static Result scrape(TlsConfig tls) {
        URI url = URI.create("https://localhost:" + server.getAddress().getPort() + "/metrics");
        Labels labels = Labels.of("instance", url.getAuthority(), "job", "mtls");
        List<MetricSample> out = new ArrayList<>();
        ScrapeLoop loop = new ScrapeLoop(new Target("mtls", labels, labels, url, Duration.ofSeconds(15),
                Duration.ofSeconds(5)), new ScrapeLoop.Settings(false, true, 0, 0, 0),
                new ScrapeClient(new HttpClientSettings(null, null, tls)), RelabelStep.NONE, out::addAll, Instant::now);
        loop.scrape();
        return new Result(loop.status(), out);
    }

    private static double value(List<MetricSample> samples, String name) {
        return samples.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().value();
    }

    @Test
    void theClientCertificateOfTheTargetsCaIsAcceptedAndItsSamplesStored() {
        lastPeer.set(null);
        Result result = scrape(new TlsConfig(caFile.toString(), client.cert().toString(), client.key().toString(), null,
                false));
        assertEquals(ScrapeLoop.Health.UP, result.status().health(), result.status().toString());
        assertEquals(1.0, value(result.samples(), "up"));
        assertEquals(1.0, value(result.samples(), "mtls_up"));
        assertEquals("CN=fluxtap-scraper", lastPeer.get(), "the server saw the configured client certificate");
    }

    @Test
    void withoutAClientCertificateTheTargetRefusesTheScrape() {
        Result result = scrape(new TlsConfig(caFile.toString(), null, null, null, false));
        assertEquals(ScrapeLoop.Health.DOWN, result.status().health());
        assertEquals(0.0, value(result.samples(), "up"));
        assertFalse(result.status().lastError().isEmpty());
    }

    @Test
    void aClientCertificateOfAnotherCaIsRefused() {
        Result result = scrape(new TlsConfig(caFile.toString(), stranger.cert().toString(), stranger.key().toString(),
                null, false));
        assertEquals(ScrapeLoop.Health.DOWN, result.status().health());
        assertEquals(0.0, value(result.samples(), "up"));
        assertFalse(result.status().lastError().isEmpty());
    }
}
