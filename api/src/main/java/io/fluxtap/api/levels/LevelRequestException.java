package io.fluxtap.api.levels;

import java.util.Objects;

/** A level change refused as given (unknown level, TTL missing or over the maximum): nothing was changed. */
public class LevelRequestException extends IllegalArgumentException {

    private final String field;

    /** @param field the request field at fault ({@code level}, {@code ttl}, {@code service}, ...) */
    public LevelRequestException(String field, String message) {
        super(message);
        this.field = Objects.requireNonNull(field, "field");
    }

    public String field() {
        return field;
    }
}
