package io.fluxtap.alerting.notify.http;

/** An {@code http_config} Fluxtap cannot build a client for (oauth2, an unreadable TLS file, ...). */
public final class UnsupportedHttpConfigException extends RuntimeException {

    public UnsupportedHttpConfigException(String message) {
        super(message);
    }

    public UnsupportedHttpConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
