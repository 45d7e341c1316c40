package io.fluxtap.alerting.silence;

/** A silence refused, with Alertmanager's message (e.g. {@code silence invalid: at least one matcher required}). */
public final class InvalidSilenceException extends Exception {

    public InvalidSilenceException(String message) {
        super(message);
    }
}
