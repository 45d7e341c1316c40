package io.fluxtap.api;

import java.time.Instant;

/** Times as OTLP carries them: nanoseconds since the epoch in an unsigned 64-bit value (fixed64). */
public final class UnixNanos {

    /** 2^64 ns after the epoch is 18446744073.709551616 s. */
    private static final long MAX_SECONDS = 18_446_744_073L;
    private static final int MAX_NANOS_OF_MAX_SECOND = 709_551_615;

    private UnixNanos() {
    }

    /** The unsigned nanoseconds of an instant, or 0 ("unset") for one before 1970 or past 2^64-1 ns (the year 2554). */
    public static long of(Instant instant) {
        if (instant == null || instant.getEpochSecond() < 0) {
            return 0;
        }
        long seconds = instant.getEpochSecond();
        if (seconds > MAX_SECONDS || seconds == MAX_SECONDS && instant.getNano() > MAX_NANOS_OF_MAX_SECOND) {
            return 0;
        }
        // Wraps past 2^63-1 into the negative longs, which is how the unsigned value is held.
        return seconds * 1_000_000_000L + instant.getNano();
    }

    /** The instant of unsigned nanoseconds; never before 1970. */
    public static Instant toInstant(long unixNanos) {
        return Instant.ofEpochSecond(Long.divideUnsigned(unixNanos, 1_000_000_000L),
                Long.remainderUnsigned(unixNanos, 1_000_000_000L));
    }
}
