package io.fluxtap.api.alerts;

import java.time.Instant;
import java.util.List;

/**
 * A silence kept by alerting.
 *
 * @param state {@code active}, {@code pending} or {@code expired}, now
 */
public record SilenceEntry(String id, List<SilenceMatcher> matchers, String createdBy, String comment,
                           Instant startsAt, Instant endsAt, String state) {

    public SilenceEntry {
        matchers = List.copyOf(matchers);
    }
}
