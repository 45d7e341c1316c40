package io.fluxtap.api.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A silence to create, or to put in place of the one {@code id} names.
 *
 * @param id "" for a new silence
 */
public record SilenceRequest(String id, List<SilenceMatcher> matchers, Instant startsAt, Instant endsAt,
                             String createdBy, String comment) {

    public SilenceRequest {
        id = Objects.requireNonNullElse(id, "");
        matchers = List.copyOf(matchers);
        createdBy = Objects.requireNonNullElse(createdBy, "");
        comment = Objects.requireNonNullElse(comment, "");
    }

    public static SilenceRequest of(List<SilenceMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                                    String comment) {
        return new SilenceRequest("", matchers, startsAt, endsAt, createdBy, comment);
    }
}
