package io.fluxtap.alerting.silence;

/** No silence of that id (the API answers 404); the message is Alertmanager's {@code silence not found}. */
public final class SilenceNotFoundException extends Exception {

    public SilenceNotFoundException() {
        super("silence not found");
    }
}
