package io.fluxtap.ingestion.scrape.config;

/**
 * How a job's scrapes authenticate and speak TLS: {@code basic_auth}, {@code authorization} and
 * {@code tls_config}, each null when the job does not set it.
 */
public record HttpClientSettings(BasicAuth basicAuth, Authorization authorization, TlsConfig tls) {

    public static final HttpClientSettings NONE = new HttpClientSettings(null, null, null);

    /** {@code basic_auth}: the password given inline or read from {@code password_file} at each scrape. */
    public record BasicAuth(String username, String password, String passwordFile) {
    }

    /** {@code authorization}: {@code type} (default {@code Bearer}) and credentials inline or from a file. */
    public record Authorization(String type, String credentials, String credentialsFile) {
    }

    /** {@code tls_config}. */
    public record TlsConfig(String caFile, String certFile, String keyFile, String serverName,
                            boolean insecureSkipVerify) {
    }
}
