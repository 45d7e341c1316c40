package io.fluxtap.storage.duck;

import io.fluxtap.api.UnixNanos;
import java.time.Instant;

/**
 * Instants as DuckDB keeps them: microseconds since the epoch. Going through plain numbers (the
 * Appender's {@code appendEpochMicros}, SQL's {@code epoch_us} and {@code make_timestamptz}) keeps
 * the JVM's and the session's time zones out of every conversion.
 */
public final class EpochMicros {

    private EpochMicros() {
    }

    /** Drops nanoseconds below the microsecond, rounding towards the past as DuckDB would. */
    public static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /**
     * A stored time with its nanoseconds back: {@code unixNanos} (an OTLP time as sent, unsigned) when it is set and
     * agrees with the stored microseconds, else the microseconds alone (a row from before the nanosecond columns,
     * or an OTLP time that was unset, so that {@code ts} holds another time).
     */
    public static Instant toInstant(long micros, long unixNanos) {
        if (unixNanos != 0) {
            Instant exact = UnixNanos.toInstant(unixNanos);
            if (of(exact) == micros) {
                return exact;
            }
        }
        return toInstant(micros);
    }

    public static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
