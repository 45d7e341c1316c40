package io.fluxtap.api.alerts;

import java.time.Duration;
import java.time.Instant;

/**
 * One attempt to deliver a notification.
 *
 * @param status     {@code success} or {@code failed}
 * @param httpStatus null when there was no HTTP answer
 * @param error      null on success
 * @param attempt    1 for the first try, 2 for the first retry, ...
 * @param alerts     how many alerts it carried
 */
public record NotificationEntry(Instant ts, String receiver, String integration, String status, Integer httpStatus,
                                Duration latency, String error, int attempt, int alerts) {
}
