package io.fluxtap.ingestion.sanitize;

import io.fluxtap.api.DurationText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The times a record may carry to be stored. Newest-first lists, the live tail's cursor and the hourly warehouse
 * all order by a record's time, so one record dated far ahead (an OTLP {@code timeUnixNano} of 2^64-1 is the year
 * 2554) would top every list and hold the tail's cursor beyond every record that follows; it is refused instead.
 *
 * <ul>
 *   <li>Too new: more than {@code fluxtap.ingest.max-future-skew} (default 10 minutes) ahead of the server clock.
 *       The skew absorbs clocks that run a little fast; nothing further ahead is a real observation.</li>
 *   <li>Too old: before 1970-01-01T00:00:00Z. OTLP cannot express it (unsigned nanoseconds), but remote_write
 *       (signed milliseconds) and the messages API (RFC 3339) can, and the warehouse's {@code YYYY/MM/DD/HH}
 *       partitions and the epoch-based cursors have no place for it.</li>
 * </ul>
 * Records older than a signal's retention are not refused here: ingestion does not know the retention (a storage
 * setting, per signal), backfilling within it is legitimate, and the next retention sweep removes what is older.
 */
@ApplicationScoped
public class TimestampBounds {

    /** The earliest time stored. */
    public static final Instant EARLIEST = Instant.EPOCH;

    private final Clock clock;
    private final Duration maxFutureSkew;

    @Inject
    public TimestampBounds(
            @ConfigProperty(name = "fluxtap.ingest.max-future-skew", defaultValue = "10m") Duration maxFutureSkew) {
        this(Clock.systemUTC(), maxFutureSkew);
    }

    public TimestampBounds(Clock clock, Duration maxFutureSkew) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxFutureSkew = Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        if (maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("fluxtap.ingest.max-future-skew must not be negative, was " + maxFutureSkew);
        }
    }

    /** Bounds with the default skew, for tests and tools that build the receivers themselves. */
    public static TimestampBounds withDefaults(Clock clock) {
        return new TimestampBounds(clock, Duration.ofMinutes(10));
    }

    public Clock clock() {
        return clock;
    }

    /** The latest time accepted at the moment {@code now}. */
    public Instant latest(Instant now) {
        return now.plus(maxFutureSkew);
    }

    /**
     * Why a record dated {@code time} is refused at {@code now} (one reading of the clock per request, so every
     * record of a request is judged alike), or null when it is accepted.
     */
    public String problem(Instant time, Instant now) {
        if (time.isBefore(EARLIEST)) {
            return "timestamp is before 1970-01-01T00:00:00Z";
        }
        if (time.isAfter(latest(now))) {
            return "timestamp is more than " + DurationText.format(maxFutureSkew) + " ahead of the server clock";
        }
        return null;
    }
}
