package io.fluxtap.alerting.notify.http;

import io.fluxtap.alerting.config.HttpConfig;
import io.fluxtap.alerting.config.HttpConfig.TlsConfig;
import io.fluxtap.alerting.config.Secret;
import io.fluxtap.alerting.notify.http.CaptureServer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotifierHttpClientTest {

    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path certs;
    private CaptureServer server;

    private static HttpConfig config(HttpConfig.Authorization authorization, HttpConfig.BasicAuth basic) {
        return new HttpConfig(authorization, basic, TlsConfig.DEFAULT, null, true, true, false);
    }

    private static HttpConfig tls(TlsConfig tls) {
        return new HttpConfig(null, null, tls, null, true, true, false);
    }

    @BeforeEach
    void start() throws IOException {
        server = CaptureServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sendsContentTypeAndUserAgentAndNoAuthorizationByDefault() throws Exception {
        NotifierHttpClient.Response response = NotifierHttpClient.create(HttpConfig.DEFAULT)
                .post(server.url("/x"), "application/json", BODY, TIMEOUT);

        assertEquals(200, response.status());
        assertEquals("ok", response.bodyText());
        CaptureServer.Request request = server.only();
        assertEquals("application/json", request.header("content-type"));
        assertTrue(request.header("user-agent").matches("Alertmanager/\\S+"), request.header("user-agent"));
        assertNull(request.header("authorization"));
        assertEquals("{}", request.body());
    }

    @Test
    void authorizationCredentialsAndTheirFileReadAtEachRequest(@TempDir Path dir) throws Exception {
        NotifierHttpClient.create(config(new HttpConfig.Authorization("Bearer", new Secret("t0k3n", null)), null))
                .post(server.url("/x"), "application/json", BODY, TIMEOUT);
        Path file = dir.resolve("token");
        Files.writeString(file, "first\n");
        NotifierHttpClient fromFile = NotifierHttpClient.create(
                config(new HttpConfig.Authorization("Token", new Secret(null, file)), null));
        fromFile.post(server.url("/x"), "application/json", BODY, TIMEOUT);
        Files.writeString(file, "second");
        fromFile.post(server.url("/x"), "application/json", BODY, TIMEOUT);

        List<CaptureServer.Request> requests = server.requests();
        assertEquals("Bearer t0k3n", requests.get(0).header("authorization"));
        assertEquals("Token first", requests.get(1).header("authorization"));
        assertEquals("Token second", requests.get(2).header("authorization"));
    }

    @Test
    void basicAuthWithPasswordOrPasswordFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("password");
        Files.writeString(file, "from-file\n");
        NotifierHttpClient.create(config(null, new HttpConfig.BasicAuth("alice", null, new Secret("pw", null))))
                .post(server.url("/x"), "application/json", BODY, TIMEOUT);
        NotifierHttpClient.create(config(null, new HttpConfig.BasicAuth("bob", null, new Secret(null, file))))
                .post(server.url("/x"), "application/json", BODY, TIMEOUT);

        assertEquals("Basic " + Base64.getEncoder().encodeToString("alice:pw".getBytes(StandardCharsets.UTF_8)),
                server.requests().get(0).header("authorization"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString("bob:from-file".getBytes(StandardCharsets.UTF_8)),
                server.requests().get(1).header("authorization"));
    }

    @Test
    void aSlowAnswerTimesOut() {
        server.answer(new Answer(200, "text/plain", "late", Duration.ofSeconds(30)));
        long start = System.nanoTime();

        assertThrows(HttpTimeoutException.class, () -> NotifierHttpClient.create(HttpConfig.DEFAULT)
                .post(server.url("/x"), "application/json", BODY, Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void onlyTheStartOfALargeAnswerIsKept() throws Exception {
        server.answer(Answer.of(500, "text/plain", "e".repeat(300_000)));

        NotifierHttpClient.Response response = NotifierHttpClient.create(HttpConfig.DEFAULT)
                .post(server.url("/x"), "application/json", BODY, TIMEOUT);

        assertEquals(500, response.status());
        assertEquals(NotifierHttpClient.MAX_BODY, response.body().length);
    }

    @Test
    void redirectsAreFollowedUnlessTurnedOff() throws Exception {
        server.answer(Answer.redirect(307, server.url("/moved")));
        NotifierHttpClient.Response followed = NotifierHttpClient.create(HttpConfig.DEFAULT)
                .post(server.url("/x"), "application/json", BODY, TIMEOUT);
        assertEquals(200, followed.status());
        assertEquals(List.of("/x", "/moved"), server.requests().stream().map(CaptureServer.Request::path).toList());
        assertEquals("{}", server.requests().get(1).body());

        server.answer(Answer.redirect(307, server.url("/moved")));
        NotifierHttpClient.Response notFollowed = NotifierHttpClient.create(
                        new HttpConfig(null, null, TlsConfig.DEFAULT, null, false, true, false))
                .post(server.url("/x"), "application/json", BODY, TIMEOUT);
        assertEquals(307, notFollowed.status());
        assertEquals(3, server.requests().size());
    }

    @Test
    void aProxyIsUsedOnlyWhenConfigured() throws Exception {
        // The stand-in answers as a proxy would: it receives the absolute URI of a host that does not exist.
        NotifierHttpClient.create(new HttpConfig(null, null, TlsConfig.DEFAULT, server.url(""), true, true, false))
                .post("http://receiver.invalid:9/hook", "application/json", BODY, TIMEOUT);

        assertEquals("http://receiver.invalid:9/hook", server.only().path());
        assertThrows(IOException.class, () -> NotifierHttpClient.create(HttpConfig.DEFAULT)
                .post("http://receiver.invalid:9/hook", "application/json", BODY, TIMEOUT));
    }

    @Test
    void oauth2IsRefusedClearly() {
        UnsupportedHttpConfigException e = assertThrows(UnsupportedHttpConfigException.class,
                () -> NotifierHttpClient.create(new HttpConfig(null, null, TlsConfig.DEFAULT, null, true, true, true)));
        assertEquals("oauth2 is not supported by Fluxtap's notifiers", e.getMessage());
    }

    // --- TLS, with a self-signed certificate made by keytool for this run --------------------------------------

    private static Path keystore;
    private static Path caPem;

    @BeforeAll
    static void makeCertificate() throws Exception {
        keystore = certs.resolve("server.p12");
        caPem = certs.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=notif.test", "-ext", "SAN=dns:notif.test", "-validity", "2", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-storetype", "PKCS12");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storepass",
                "changeit", "-file", caPem.toString());
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(0, process.waitFor(), output);
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, "changeit".toCharArray());
        }
        return store;
    }

    private static SSLContext serverContext() throws Exception {
        return serverContext(null);
    }

    /** @param clientCa the client certificates the server trusts, or null for the JDK's defaults */
    private static SSLContext serverContext(Path clientCa) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keystore), "changeit".toCharArray());
        javax.net.ssl.TrustManager[] trust = null;
        if (clientCa != null) {
            javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            factory.init(load(clientCa));
            trust = factory.getTrustManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust, null);
        return context;
    }

    @Test
    void clientCertificateFromPemFiles() throws Exception {
        Path client = certs.resolve("client.p12");
        Path certPem = certs.resolve("client.pem");
        Path keyPem = certs.resolve("client.key");
        keytool("-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=fluxtap",
                "-validity", "2", "-keystore", client.toString(), "-storepass", "changeit", "-storetype", "PKCS12");
        keytool("-exportcert", "-rfc", "-alias", "client", "-keystore", client.toString(), "-storepass",
                "changeit", "-file", certPem.toString());
        // keytool cannot write a PEM key: the PKCS#8 encoding of the key, as openssl writes "PRIVATE KEY".
        byte[] pkcs8 = load(client).getKey("client", "changeit".toCharArray()).getEncoded();
        Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n");
        try (CaptureServer https = CaptureServer.startTls(serverContext(client), true)) {
            NotifierHttpClient.Response response = NotifierHttpClient.create(tls(new TlsConfig(caPem.toString(),
                            certPem.toString(), keyPem.toString(), "notif.test", false, null)))
                    .post(https.url("/x"), "application/json", BODY, TIMEOUT);
            assertEquals(200, response.status());

            assertThrows(IOException.class, () -> NotifierHttpClient.create(
                            tls(new TlsConfig(caPem.toString(), null, null, "notif.test", false, null)))
                    .post(https.url("/x"), "application/json", BODY, TIMEOUT));
            assertEquals(1, https.requests().size());
        }
    }

    @Test
    void tlsWithCaFileAndServerName() throws Exception {
        try (CaptureServer https = CaptureServer.startTls(serverContext())) {
            NotifierHttpClient.Response response = NotifierHttpClient.create(
                            tls(new TlsConfig(caPem.toString(), null, null, "notif.test", false, null)))
                    .post(https.url("/x"), "application/json", BODY, TIMEOUT);
            assertEquals(200, response.status());

            // Trusted, but the certificate names notif.test, not 127.0.0.1 (or the wrong server_name).
            assertThrows(IOException.class, () -> NotifierHttpClient.create(
                            tls(new TlsConfig(caPem.toString(), null, null, null, false, null)))
                    .post(https.url("/x"), "application/json", BODY, TIMEOUT));
            assertThrows(IOException.class, () -> NotifierHttpClient.create(
                            tls(new TlsConfig(caPem.toString(), null, null, "other.test", false, null)))
                    .post(https.url("/x"), "application/json", BODY, TIMEOUT));
            // Not trusted without the CA.
            assertThrows(IOException.class, () -> NotifierHttpClient.create(
                            tls(new TlsConfig(null, null, null, "notif.test", false, null)))
                    .post(https.url("/x"), "application/json", BODY, TIMEOUT));
            assertEquals(1, https.requests().size());
        }
    }

    @Test
    void insecureSkipVerifyTrustsAnyServer() throws Exception {
        try (CaptureServer https = CaptureServer.startTls(serverContext())) {
            NotifierHttpClient.Response response = NotifierHttpClient.create(
                            tls(new TlsConfig(null, null, null, null, true, null)))
                    .post(https.url("/x"), "application/json", BODY, TIMEOUT);
            assertEquals(200, response.status());
        }
    }

    @Test
    void unreadableTlsFilesAreRefusedAtBuild() {
        assertThrows(UnsupportedHttpConfigException.class, () -> NotifierHttpClient.create(
                tls(new TlsConfig(certs.resolve("missing.pem").toString(), null, null, null, false, null))));
        assertThrows(UnsupportedHttpConfigException.class, () -> NotifierHttpClient.create(
                tls(new TlsConfig(null, caPem.toString(), null, null, false, null))));
    }
}
