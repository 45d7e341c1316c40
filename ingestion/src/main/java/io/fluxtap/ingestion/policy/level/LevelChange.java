package io.fluxtap.ingestion.policy.level;

import io.fluxtap.api.Level;
import java.time.Duration;

/**
 * One change to audit.
 *
 * @param action   {@code set}, {@code clear}, {@code expire} (a service override) or {@code logger} (Fluxtap's own)
 * @param subject  the service, or the logger's name
 * @param oldLevel the level before (null: the logger inherited)
 * @param newLevel the level after (null: the logger inherits now)
 * @param ttl      null when none
 * @param caller   who asked; {@code fluxtap} for an expiry
 */
public record LevelChange(String action, String subject, Level oldLevel, Level newLevel, Duration ttl,
                          String reason, String caller) {
}
