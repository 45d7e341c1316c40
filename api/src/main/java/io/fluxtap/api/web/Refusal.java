package io.fluxtap.api.web;

import java.util.Objects;

/**
 * Why a listener must not serve a request: the HTTP status to answer and a plain-text message for the caller.
 *
 * @param status 403 or 421
 * @param message one line saying what was refused and which setting would allow it
 */
public record Refusal(int status, String message) {

    public Refusal {
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("a refusal is a 4xx status, was " + status);
        }
        Objects.requireNonNull(message, "message");
    }
}
