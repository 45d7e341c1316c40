package io.fluxtap.alerting.config;

/** The Alertmanager configuration cannot be loaded; the message is Alertmanager's wording where it has one. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
