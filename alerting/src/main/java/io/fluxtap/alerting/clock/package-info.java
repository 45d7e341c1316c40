/**
 * Time for the alerting pipeline: every timer and every "now" of the dispatcher, the notification stages, the
 * silences and the alert store comes from a {@link io.fluxtap.alerting.clock.Scheduler}. The server uses
 * {@link io.fluxtap.alerting.clock.RealScheduler}; tests use {@link io.fluxtap.alerting.clock.VirtualScheduler} and
 * move time themselves, so Alertmanager's timing (group_wait, group_interval ticks, repeat_interval, backoff) is
 * tested to the nanosecond without waiting.
 */
package io.fluxtap.alerting.clock;
