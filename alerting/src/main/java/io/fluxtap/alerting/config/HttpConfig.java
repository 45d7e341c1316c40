package io.fluxtap.alerting.config;

/**
 * A receiver's HTTP client, as Prometheus common's {@code HTTPClientConfig} (validated as it does). The deprecated
 * {@code bearer_token(_file)} is folded into {@link #authorization()} with type {@code Bearer}.
 *
 * @param authorization   the Authorization header, or null
 * @param basicAuth       basic auth, or null
 * @param tls             TLS settings (never null)
 * @param proxyUrl        the proxy, or null for none (Fluxtap never takes one from the environment)
 * @param followRedirects follow 3xx answers (default true)
 * @param enableHttp2     allow HTTP/2 (default true)
 * @param oauth2          whether an {@code oauth2} block is configured (not supported by Fluxtap's notifiers)
 */
public record HttpConfig(Authorization authorization, BasicAuth basicAuth, TlsConfig tls, String proxyUrl,
                         boolean followRedirects, boolean enableHttp2, boolean oauth2) {

    public static final HttpConfig DEFAULT = new HttpConfig(null, null, TlsConfig.DEFAULT, null, true, true, false);

    /** This config with another Authorization header (a Slack bot token). */
    public HttpConfig withAuthorization(Authorization replacement) {
        return new HttpConfig(replacement, basicAuth, tls, proxyUrl, followRedirects, enableHttp2, oauth2);
    }

    /** @param type the scheme, default {@code Bearer}; @param credentials the token */
    public record Authorization(String type, Secret credentials) {
    }

    public record BasicAuth(String username, Secret usernameFile, Secret password) {
    }

    /** Files are resolved against the config file's directory. */
    public record TlsConfig(String caFile, String certFile, String keyFile, String serverName,
                            boolean insecureSkipVerify, String minVersion) {
        public static final TlsConfig DEFAULT = new TlsConfig(null, null, null, null, false, null);
    }
}
