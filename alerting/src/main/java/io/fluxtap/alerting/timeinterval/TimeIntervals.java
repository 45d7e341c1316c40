package io.fluxtap.alerting.timeinterval;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The named time intervals of a configuration ({@code time_intervals} and the deprecated
 * {@code mute_time_intervals}): a name is in effect at an instant when any of its specs contains it.
 */
public final class TimeIntervals {

    public static final TimeIntervals NONE = new TimeIntervals(Map.of());

    private final Map<String, List<TimeInterval>> byName;

    /** @param byName each name with its specs, in configuration order */
    public TimeIntervals(Map<String, List<TimeInterval>> byName) {
        Map<String, List<TimeInterval>> copy = new LinkedHashMap<>();
        byName.forEach((name, specs) -> copy.put(name, List.copyOf(specs)));
        this.byName = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Whether the named interval contains the instant. An interval with no specs contains nothing.
     *
     * @throws IllegalArgumentException for a name not defined
     */
    public boolean contains(String name, Instant at) {
        List<TimeInterval> specs = byName.get(name);
        if (specs == null) {
            throw new IllegalArgumentException("time interval \"" + name + "\" doesn't exist in config");
        }
        for (TimeInterval spec : specs) {
            if (spec.contains(at)) {
                return true;
            }
        }
        return false;
    }

    /** Whether any of the named intervals contains the instant (a route's mute check). */
    public boolean anyContains(List<String> names, Instant at) {
        for (String name : names) {
            if (contains(name, at)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a route with these intervals is muted at the instant, as Alertmanager's TimeMuteStage and
     * TimeActiveStage together: inside any mute interval, or outside every active interval when it has some.
     */
    public boolean muted(List<String> muteIntervals, List<String> activeIntervals, Instant at) {
        if (anyContains(muteIntervals, at)) {
            return true;
        }
        return !activeIntervals.isEmpty() && !anyContains(activeIntervals, at);
    }

    public boolean isDefined(String name) {
        return byName.containsKey(name);
    }

    public Set<String> names() {
        return byName.keySet();
    }

    public List<TimeInterval> get(String name) {
        return byName.getOrDefault(name, List.of());
    }
}
