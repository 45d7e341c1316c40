package io.fluxtap.ingestion.scrape.loop;

import io.fluxtap.api.tls.PemFiles;
import io.fluxtap.ingestion.scrape.config.HttpClientSettings.TlsConfig;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A job's {@code tls_config} as the JDK's {@link SSLContext}: {@code ca_file} replaces the system roots,
 * {@code cert_file}/{@code key_file} (PEM, read by api's {@link PemFiles}) are the client certificate,
 * {@code insecure_skip_verify} trusts any server, {@code server_name} is the name the certificate must carry instead
 * of the URL's host. The trust managers are {@link X509ExtendedTrustManager}s: the JDK client checks the URL's host
 * itself around a plain one (see DEVELOPERS.md).
 */
final class ScrapeTls {

    private ScrapeTls() {
    }

    static SSLContext sslContext(TlsConfig tls) {
        try {
            KeyManagerFactory keys = null;
            if (tls.certFile() != null || tls.keyFile() != null) {
                if (tls.certFile() == null || tls.keyFile() == null) {
                    throw new IllegalArgumentException("tls_config needs both cert_file and key_file");
                }
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("client", privateKey(Path.of(tls.keyFile())), new char[0],
                        certificates(Path.of(tls.certFile())).toArray(Certificate[]::new));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), new TrustManager[]{trustManager(tls)}, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("tls_config: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager trustManager(TlsConfig tls) throws GeneralSecurityException, IOException {
        if (tls.insecureSkipVerify()) {
            return new Checking(null, null);
        }
        KeyStore roots = null;
        if (tls.caFile() != null) {
            roots = KeyStore.getInstance("PKCS12");
            roots.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates(Path.of(tls.caFile()))) {
                roots.setCertificateEntry("ca" + i++, certificate);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(roots);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                String name = tls.serverName();
                return name == null || name.isEmpty() ? extended : new Checking(extended, name);
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    private static List<X509Certificate> certificates(Path file) throws GeneralSecurityException {
        return PemFiles.certificates(file);
    }

    private static PrivateKey privateKey(Path file) throws GeneralSecurityException {
        return PemFiles.privateKey(file);
    }

    /** With no delegate it trusts every server; with one it checks the chain, then the name against server_name. */
    private static final class Checking extends X509ExtendedTrustManager {

        private final X509ExtendedTrustManager delegate;
        private final String serverName;

        Checking(X509ExtendedTrustManager delegate, String serverName) {
            this.delegate = delegate;
            this.serverName = serverName;
        }

        private void check(X509Certificate[] chain, String authType) throws CertificateException {
            if (delegate == null) {
                return;
            }
            delegate.checkServerTrusted(chain, authType);
            if (!names(chain[0]).contains(serverName.toLowerCase(Locale.ROOT))) {
                throw new CertificateException("x509: certificate is not valid for " + serverName);
            }
        }

        private static List<String> names(X509Certificate certificate) throws CertificateException {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            return sans == null ? List.of() : sans.stream()
                    .filter(san -> (Integer) san.get(0) == 2 || (Integer) san.get(0) == 7)
                    .map(san -> String.valueOf(san.get(1)).toLowerCase(Locale.ROOT)).toList();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate == null ? new X509Certificate[0] : delegate.getAcceptedIssuers();
        }
    }
}
