package io.fluxtap.dist.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.tls.ClientAuth;
import io.fluxtap.api.tls.ReloadingServerTls;
import io.fluxtap.api.tls.ServerTlsSettings;
import io.fluxtap.dist.config.FluxtapConfig;
import io.fluxtap.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fluxtap.tls.*} before any socket is opened: what turns TLS on, the clear errors a bad setting or file gives
 * at start, the keys Helidon's sockets get, and a reload that keeps the old certificate while the new files are bad.
 */
class ListenerTlsTest {

    @TempDir
    Path dir;

    private final TestCertificates.Ca ca = TestCertificates.ca("unit CA");

    @Test
    void offByDefaultAndOnAsSoonAsCertAndKeyAreSet() {
        assertFalse(settings(Map.of()).enabled());
        assertTrue(TlsKeys.helidonKeys(key -> Optional.empty()).isEmpty(), "TLS off: Helidon's sockets unchanged");
        TestCertificates.Pem pem = ca.server("s").writePem(dir);
        ServerTlsSettings on = settings(Map.of("cert", pem.cert().toString(), "key", pem.key().toString()));
        assertTrue(on.enabled());
        assertEquals("https", on.httpScheme());
        assertFalse(settings(Map.of("cert", pem.cert().toString(), "key", pem.key().toString(), "enabled", "false"))
                .enabled());
    }

    @Test
    void contradictoryOrIncompleteSettingsStopTheStartWithTheKeyNamed() {
        Path home = dir.resolve("home");
        IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class,
                () -> FluxtapConfig.load(home, Map.of("fluxtap.tls.enabled", "true", "fluxtap.tls.cert", "/x.pem")));
        assertEquals("fluxtap.tls.key is missing: fluxtap.tls.cert and fluxtap.tls.key go together", noKey.getMessage());
        IllegalArgumentException noCa = assertThrows(IllegalArgumentException.class, () -> settings(Map.of(
                "cert", "/c.pem", "key", "/k.pem", "client-auth", "required")));
        assertTrue(noCa.getMessage().contains("fluxtap.tls.client-auth=required needs fluxtap.tls.client-ca"),
                noCa.getMessage());
        IllegalArgumentException badAuth = assertThrows(IllegalArgumentException.class, () -> settings(Map.of(
                "cert", "/c.pem", "key", "/k.pem", "client-auth", "sometimes")));
        assertTrue(badAuth.getMessage().contains("expected none, optional or required"), badAuth.getMessage());
    }

    @Test
    void aMissingOrBrokenFileIsNamedAtStart() throws Exception {
        TestCertificates.Pem pem = ca.server("s").writePem(dir);
        Path missing = dir.resolve("missing.pem");
        IllegalArgumentException noFile = assertThrows(IllegalArgumentException.class, () -> new ReloadingServerTls(
                settings(Map.of("cert", missing.toString(), "key", pem.key().toString())), "REST API", false));
        assertTrue(noFile.getMessage().startsWith("REST API TLS: "), noFile.getMessage());
        assertEquals("REST API TLS: fluxtap.tls.cert " + missing + ": no such file", noFile.getMessage());

        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a key\n");
        IllegalArgumentException badKey = assertThrows(IllegalArgumentException.class, () -> new ReloadingServerTls(
                settings(Map.of("cert", pem.cert().toString(), "key", garbage.toString())), "OTLP/HTTP", true));
        assertTrue(badKey.getMessage().contains("fluxtap.tls.key: no private key (BEGIN PRIVATE KEY) in " + garbage),
                badKey.getMessage());

        TestCertificates.Pem other = ca.server("other").writePem(dir.resolve("other"));
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class, () -> new ReloadingServerTls(
                settings(Map.of("cert", pem.cert().toString(), "key", other.key().toString())), "OTLP/gRPC", true));
        assertTrue(mismatch.getMessage().contains("does not match"), mismatch.getMessage());
    }

    @Test
    void aPkcs12KeystoreServesItsKeyAndAWrongPasswordIsSaid() {
        TestCertificates.Issued issued = ca.server("from-p12");
        Path p12 = issued.writePkcs12(dir.resolve("server.p12"), "secret");
        try (ReloadingServerTls tls = new ReloadingServerTls(
                settings(Map.of("keystore", p12.toString(), "keystore-password", "secret")), "dashboard", false)) {
            assertEquals(issued.certificate(), tls.certificate());
        }
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> new ReloadingServerTls(
                settings(Map.of("keystore", p12.toString(), "keystore-password", "nope")), "dashboard", false));
        assertTrue(wrong.getMessage().contains("wrong fluxtap.tls.keystore-password?"), wrong.getMessage());
    }

    @Test
    void helidonsSocketsGetTheManagerAndTheIngestSocketTheClientAuth() {
        Map<String, String> keys = TlsKeys.helidonKeys(key -> Optional.ofNullable(Map.of(
                "cert", "/c.pem", "key", "/k.pem", "client-ca", "/ca.pem", "client-auth", "optional").get(key)));
        assertEquals("NONE", keys.get("server.tls.client-auth"));
        assertEquals("false", keys.get("server.tls.manager.fluxtap.ingest"));
        assertEquals("OPTIONAL", keys.get("server.sockets.0.tls.client-auth"));
        assertEquals("true", keys.get("server.sockets.0.tls.manager.fluxtap.ingest"));
        assertEquals("/c.pem", keys.get("server.sockets.0.tls.manager.fluxtap.cert"));
        assertEquals("NONE", keys.get("server.sockets.0.tls.endpoint-identification-algorithm"),
                "client certificates are not checked against the sender's address");
    }

    @Test
    void changedFilesThatDoNotLoadKeepTheOldCertificateUntilGoodOnesCome() throws Exception {
        TestCertificates.Issued first = ca.server("first");
        TestCertificates.Pem pem = first.writePem(dir);
        Path caPem = ca.writePem(dir.resolve("ca.pem"));
        try (ReloadingServerTls tls = new ReloadingServerTls(settings(Map.of("cert", pem.cert().toString(),
                "key", pem.key().toString(), "client-ca", caPem.toString(), "client-auth", "required")),
                "OTLP/HTTP", true)) {
            assertEquals(ClientAuth.REQUIRED, tls.clientAuth());
            assertTrue(tls.trustManager().isPresent());
            assertFalse(tls.reloadIfChanged(), "nothing changed");

            Files.writeString(pem.key(), "-----BEGIN PRIVATE KEY-----\ntruncated");
            assertFalse(tls.reloadIfChanged());
            assertEquals(first.certificate(), tls.certificate(), "a half-written key must not take TLS down");

            TestCertificates.Issued second = ca.server("second");
            second.writePem(dir);
            assertTrue(tls.reloadIfChanged());
            assertEquals(second.certificate(), tls.certificate());
            assertEquals(1, tls.generation());
            // The context is the same object, so servers given it once serve the new certificate.
            String alias = tls.keyManager().chooseEngineServerAlias("EC", null, null);
            assertEquals(second.certificate(), tls.keyManager().getCertificateChain(alias)[0]);
        }
    }

    @Test
    void clientAuthIsForTheIngestListenersOnly() {
        TestCertificates.Pem pem = ca.server("s").writePem(dir);
        Path caPem = ca.writePem(dir.resolve("ca.pem"));
        try (ReloadingServerTls api = new ReloadingServerTls(settings(Map.of("cert", pem.cert().toString(),
                "key", pem.key().toString(), "client-ca", caPem.toString(), "client-auth", "required")),
                "REST API", false)) {
            assertEquals(ClientAuth.NONE, api.clientAuth());
            assertTrue(api.trustManager().isEmpty());
        }
    }

    private static ServerTlsSettings settings(Map<String, String> values) {
        Map<String, String> copy = new HashMap<>(values);
        return ServerTlsSettings.from(key -> Optional.ofNullable(copy.get(key)));
    }
}
