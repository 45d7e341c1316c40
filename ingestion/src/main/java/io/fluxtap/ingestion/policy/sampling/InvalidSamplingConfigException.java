package io.fluxtap.ingestion.policy.sampling;

/** A sampling configuration that cannot be used; the message names the file and the field. */
public class InvalidSamplingConfigException extends IllegalArgumentException {

    public InvalidSamplingConfigException(String message) {
        super(message);
    }

    public InvalidSamplingConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
