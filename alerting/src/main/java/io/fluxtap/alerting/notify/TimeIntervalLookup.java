package io.fluxtap.alerting.notify;

import java.time.Instant;

/**
 * The configuration's named {@code time_intervals}, as the time mute and time active stages ask them: the seam to
 * {@link io.fluxtap.alerting.timeinterval.TimeIntervals} (the server passes {@code config.timeIntervals()::contains}),
 * so the stages stay testable with a lambda.
 */
@FunctionalInterface
public interface TimeIntervalLookup {

    /**
     * Whether any interval of the name contains the instant.
     *
     * @throws IllegalArgumentException for a name the configuration does not define
     */
    boolean contains(String name, Instant at);

    /** No intervals defined: every name is unknown. */
    TimeIntervalLookup NONE = (name, at) -> {
        throw new IllegalArgumentException("time interval " + name + " doesn't exist in config");
    };
}
