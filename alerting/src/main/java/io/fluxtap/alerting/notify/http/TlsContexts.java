package io.fluxtap.alerting.notify.http;

import io.fluxtap.alerting.config.HttpConfig.TlsConfig;
import io.fluxtap.api.tls.PemFiles;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The JDK's TLS objects for a {@code tls_config}, as Go's {@code tls.Config} reads it: {@code ca_file} replaces the
 * system roots, {@code cert_file}/{@code key_file} are the client certificate (PEM; the key PKCS#8
 * {@code PRIVATE KEY} or PKCS#1 {@code RSA PRIVATE KEY}), {@code insecure_skip_verify} trusts any server,
 * {@code server_name} is the name the server's certificate is checked against instead of the URL's host, and
 * {@code min_version} the lowest protocol offered.
 */
public final class TlsContexts {

    private TlsContexts() {
    }

    public static SSLContext sslContext(TlsConfig tls) {
        try {
            X509ExtendedTrustManager trust = trustManager(tls);
            KeyManagerFactory keys = null;
            if (tls.certFile() != null || tls.keyFile() != null) {
                if (tls.certFile() == null || tls.keyFile() == null) {
                    throw new UnsupportedHttpConfigException("tls_config needs both cert_file and key_file");
                }
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                List<X509Certificate> chain = certificates(Path.of(tls.certFile()));
                store.setKeyEntry("client", privateKey(Path.of(tls.keyFile())), new char[0],
                        chain.toArray(Certificate[]::new));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), new TrustManager[]{trust}, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new UnsupportedHttpConfigException("tls_config: " + e.getMessage(), e);
        }
    }

    public static SSLParameters sslParameters(TlsConfig tls) {
        SSLParameters parameters = new SSLParameters();
        if (tls.minVersion() != null) {
            parameters.setProtocols(switch (tls.minVersion()) {
                case "TLS13" -> new String[]{"TLSv1.3"};
                case "TLS12" -> new String[]{"TLSv1.3", "TLSv1.2"};
                case "TLS11" -> new String[]{"TLSv1.3", "TLSv1.2", "TLSv1.1"};
                case "TLS10" -> new String[]{"TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1"};
                default -> throw new UnsupportedHttpConfigException("unknown TLS version: " + tls.minVersion());
            });
        }
        if (tls.serverName() != null && !tls.serverName().isEmpty()) {
            parameters.setServerNames(List.of(new SNIHostName(tls.serverName())));
        }
        return parameters;
    }

    private static X509ExtendedTrustManager trustManager(TlsConfig tls) throws GeneralSecurityException {
        if (tls.insecureSkipVerify()) {
            return new TrustAll();
        }
        KeyStore roots = null;
        if (tls.caFile() != null) {
            roots = KeyStore.getInstance("PKCS12");
            try {
                roots.load(null, null);
            } catch (IOException e) {
                throw new GeneralSecurityException(e);
            }
            int i = 0;
            for (Certificate certificate : certificates(Path.of(tls.caFile()))) {
                roots.setCertificateEntry("ca" + i++, certificate);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(roots);
        X509ExtendedTrustManager delegate = null;
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                delegate = extended;
            }
        }
        if (delegate == null) {
            throw new GeneralSecurityException("no X.509 trust manager");
        }
        String serverName = tls.serverName();
        return serverName == null || serverName.isEmpty() ? delegate : new NamedServer(delegate, serverName);
    }

    private static List<X509Certificate> certificates(Path file) throws GeneralSecurityException {
        return PemFiles.certificates(file);
    }

    private static PrivateKey privateKey(Path file) throws GeneralSecurityException {
        return PemFiles.privateKey(file);
    }

    /** RFC 6125 name matching as Go's {@code VerifyHostname}: SAN DNS names (a leading {@code *.} for one label), IPs. */
    static boolean matches(X509Certificate certificate, String name) throws CertificateParsingException {
        Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
        if (sans == null) {
            return false;
        }
        String host = name.toLowerCase(Locale.ROOT);
        for (List<?> san : sans) {
            int type = (Integer) san.get(0);
            String value = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
            if (type == 7 && value.equals(host)) {
                return true;
            }
            if (type == 2) {
                if (value.equals(host)) {
                    return true;
                }
                if (value.startsWith("*.") && host.indexOf('.') > 0
                        && host.substring(host.indexOf('.')).equals(value.substring(1))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The default chain check, then the certificate's names against {@code server_name}, not the URL's host. */
    private static final class NamedServer extends X509ExtendedTrustManager {

        private final X509ExtendedTrustManager delegate;
        private final String serverName;

        NamedServer(X509ExtendedTrustManager delegate, String serverName) {
            this.delegate = delegate;
            this.serverName = serverName;
        }

        private void check(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
            if (!matches(chain[0], serverName)) {
                throw new CertificateException("x509: certificate is not valid for " + serverName);
            }
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
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    /**
     * {@code insecure_skip_verify}: an extended trust manager, so the JDK hands it the host-name check too (a plain
     * X509TrustManager would be wrapped and still check the name).
     */
    private static final class TrustAll extends X509ExtendedTrustManager implements X509TrustManager {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
