package io.fluxtap.ingestion.scrape.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fluxtap.api.Labels;
import io.fluxtap.api.MetricSample;
import io.fluxtap.ingestion.scrape.config.HttpClientSettings;
import io.fluxtap.ingestion.scrape.config.HttpClientSettings.TlsConfig;
import io.fluxtap.ingestion.scrape.discovery.RelabelStep;
import io.fluxtap.ingestion.scrape.discovery.Target;
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
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tls_config} against a loopback HTTPS server whose self-signed certificate keytool makes. */
class ScrapeTlsTest {

    @TempDir
    static Path dir;
    private static HttpsServer server;
    private static Path caFile;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        run(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=fluxtap-test",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit");
        caFile = dir.resolve("ca.pem");
        run(keytool.toString(), "-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-file", caFile.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/metrics", exchange -> {
            byte[] body = "m 1\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool hung");
        assertEquals(0, process.exitValue(), output);
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static ScrapeLoop.Status scrape(String host, TlsConfig tls) {
        URI url = URI.create("https://" + host + ":" + server.getAddress().getPort() + "/metrics");
        Labels labels = Labels.of("instance", url.getAuthority(), "job", "tls");
        List<MetricSample> out = new ArrayList<>();
        ScrapeLoop loop = new ScrapeLoop(new Target("tls", labels, labels, url, Duration.ofSeconds(15),
                Duration.ofSeconds(5)), new ScrapeLoop.Settings(false, true, 0, 0, 0),
                new ScrapeClient(new HttpClientSettings(null, null, tls)), RelabelStep.NONE, out::addAll, Instant::now);
        loop.scrape();
        double up = out.stream().filter(s -> s.name().equals("up")).findFirst().orElseThrow().value();
        assertEquals(loop.status().health() == ScrapeLoop.Health.UP ? 1.0 : 0.0, up);
        return loop.status();
    }

    @Test
    void anUnknownCertificateFailsTheScrape() {
        ScrapeLoop.Status status = scrape("127.0.0.1", null);
        assertEquals(ScrapeLoop.Health.DOWN, status.health());
        assertTrue(!status.lastError().isEmpty(), status.toString());
    }

    @Test
    void insecureSkipVerifyTrustsAnyServer() {
        assertEquals(ScrapeLoop.Health.UP, scrape("127.0.0.1",
                new TlsConfig(null, null, null, null, true)).health());
    }

    @Test
    void caFileTrustsTheServer() {
        assertEquals(ScrapeLoop.Health.UP, scrape("127.0.0.1",
                new TlsConfig(caFile.toString(), null, null, null, false)).health());
    }

    @Test
    void serverNameIsCheckedInsteadOfTheUrlsHost() {
        assertEquals(ScrapeLoop.Health.UP, scrape("127.0.0.1",
                new TlsConfig(caFile.toString(), null, null, "localhost", false)).health());
        ScrapeLoop.Status wrong = scrape("127.0.0.1",
                new TlsConfig(caFile.toString(), null, null, "other.example", false));
        assertEquals(ScrapeLoop.Health.DOWN, wrong.health());
    }
}
