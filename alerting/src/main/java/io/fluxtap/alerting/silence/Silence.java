package io.fluxtap.alerting.silence;

import io.fluxtap.alerting.matchers.Matcher;
import io.fluxtap.api.Labels;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A silence as Alertmanager's {@code silencepb.Silence}. Built unchecked (the API reads what users send);
 * {@link Silences#set} validates it.
 *
 * @param id        a UUID; null or "" for a silence not stored yet
 * @param matchers  all must match for the silence to mute an alert
 * @param updatedAt when it was last stored (set by {@link Silences}; null before)
 */
public record Silence(String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, Instant updatedAt,
                      String createdBy, String comment) {

    public Silence {
        id = Objects.requireNonNullElse(id, "");
        matchers = List.copyOf(matchers);
        createdBy = Objects.requireNonNullElse(createdBy, "");
        comment = Objects.requireNonNullElse(comment, "");
    }

    /** A new silence (no id yet). */
    public static Silence of(List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                             String comment) {
        return new Silence("", matchers, startsAt, endsAt, null, createdBy, comment);
    }

    /** Alertmanager's {@code getState}: pending before the start, expired after the end, active from start to end. */
    public SilenceState state(Instant at) {
        if (at.isBefore(startsAt)) {
            return SilenceState.PENDING;
        }
        if (at.isAfter(endsAt)) {
            return SilenceState.EXPIRED;
        }
        return SilenceState.ACTIVE;
    }

    public boolean matches(Labels labels) {
        for (Matcher matcher : matchers) {
            if (!matcher.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    Silence with(String newId, Instant newStartsAt, Instant newEndsAt, Instant newUpdatedAt) {
        return new Silence(newId, matchers, newStartsAt, newEndsAt, newUpdatedAt, createdBy, comment);
    }
}
