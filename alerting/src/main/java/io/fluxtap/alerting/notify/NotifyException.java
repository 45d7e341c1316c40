package io.fluxtap.alerting.notify;

/** A notification that failed in some stage; the flush counts as failed. */
public final class NotifyException extends Exception {

    public NotifyException(String message) {
        super(message);
    }

    public NotifyException(String message, Throwable cause) {
        super(message, cause);
    }
}
