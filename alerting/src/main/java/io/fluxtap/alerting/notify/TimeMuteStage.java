package io.fluxtap.alerting.notify;

import io.fluxtap.api.Alert;

import java.time.Instant;
import java.util.List;

/**
 * The route's {@code mute_time_intervals} ({@code active == false}: drops everything inside any of them) or
 * {@code active_time_intervals} ({@code active == true}: drops everything outside all of them; none named: always
 * active), as Alertmanager's {@code TimeMuteStage} and {@code TimeActiveStage}.
 */
public record TimeMuteStage(TimeIntervalLookup intervals, boolean active) implements Stage {

    @Override
    public Step exec(NotifyContext context, List<Alert> alerts) throws NotifyException {
        List<String> names = active ? context.activeTimeIntervals() : context.muteTimeIntervals();
        if (names.isEmpty()) {
            return new Step(context, alerts);
        }
        boolean inside = inAny(names, context.now());
        boolean muted = active != inside;
        return new Step(context, muted ? List.of() : alerts);
    }

    private boolean inAny(List<String> names, Instant now) throws NotifyException {
        try {
            for (String name : names) {
                if (intervals.contains(name, now)) {
                    return true;
                }
            }
            return false;
        } catch (IllegalArgumentException e) {
            throw new NotifyException(e.getMessage(), e);
        }
    }
}
