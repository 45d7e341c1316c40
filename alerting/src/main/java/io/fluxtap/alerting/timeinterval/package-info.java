/**
 * Named time intervals as Alertmanager's {@code timeinterval} package: {@link io.fluxtap.alerting.timeinterval.TimeIntervals}
 * answers whether a named interval contains an instant, for routes' {@code mute_time_intervals} and
 * {@code active_time_intervals}. Built by {@code alerting.config} from {@code time_intervals}.
 */
package io.fluxtap.alerting.timeinterval;
