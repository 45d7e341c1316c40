package io.fluxtap.alerting.silence;

import java.time.Instant;
import java.util.Comparator;

/** Alertmanager's silence states, with their wire names. */
public enum SilenceState {
    PENDING("pending"), ACTIVE("active"), EXPIRED("expired");

    private final String wireName;

    SilenceState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Alertmanager's {@code SortSilences}: active by end, then pending by start, then expired by end, latest first. */
    public static Comparator<Silence> alertmanagerOrder(Instant now) {
        return (a, b) -> {
            SilenceState sa = a.state(now);
            SilenceState sb = b.state(now);
            if (sa != sb) {
                return Integer.compare(sa.rank(), sb.rank());
            }
            return switch (sa) {
                case ACTIVE -> a.endsAt().compareTo(b.endsAt());
                case PENDING -> a.startsAt().compareTo(b.startsAt());
                case EXPIRED -> b.endsAt().compareTo(a.endsAt());
            };
        };
    }

    private int rank() {
        return switch (this) {
            case ACTIVE -> 0;
            case PENDING -> 1;
            case EXPIRED -> 2;
        };
    }
}
