package io.fluxtap.ingestion.policy.level;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-service budget of TRACE/DEBUG records an override lets in: at most {@code limit} in each second of the
 * clock (fixed one-second windows: cheap, and exact enough for a guard whose job is to stop gigabytes a minute).
 * A service counts as throttled while it had records refused in the current or the previous second.
 */
final class VerboseRateGuard {

    private final Clock clock;
    private final int limit;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    VerboseRateGuard(Clock clock, int limit) {
        this.clock = clock;
        this.limit = limit;
    }

    /** Takes {@code wanted} records of the service from this second's budget; returns how many it may keep. */
    int admit(String service, int wanted) {
        long second = Math.floorDiv(clock.millis(), 1000);
        return windows.computeIfAbsent(service, s -> new Window()).take(second, wanted, limit);
    }

    boolean throttled(String service) {
        Window window = windows.get(service);
        return window != null && window.throttledSince(Math.floorDiv(clock.millis(), 1000) - 1);
    }

    void forget(String service) {
        windows.remove(service);
    }

    private static final class Window {
        private long second = Long.MIN_VALUE;
        private int used;
        private long lastRefused = Long.MIN_VALUE;

        synchronized int take(long now, int wanted, int limit) {
            if (now != second) {
                second = now;
                used = 0;
            }
            int granted = Math.min(wanted, limit - used);
            used += granted;
            if (granted < wanted) {
                lastRefused = now;
            }
            return granted;
        }

        synchronized boolean throttledSince(long second) {
            return lastRefused >= second;
        }
    }
}
