package io.fluxtap.api.alerts;

/** A silence refused: the message says why, in Alertmanager's words where it has them. */
public class SilenceRequestException extends RuntimeException {

    public SilenceRequestException(String message) {
        super(message);
    }
}
