package io.fluxtap.storage.retention;

import io.fluxtap.storage.warehouse.WarehouseSignal;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * How long each signal is kept, hot and cold alike ({@code fluxtap.retention.logs}, {@code .traces},
 * {@code .metrics}, {@code .messages}, and {@code .alert-history} for both alert history signals).
 */
public record RetentionPolicy(Map<WarehouseSignal, Duration> keep) {

    public RetentionPolicy {
        keep = new EnumMap<>(keep);
        for (WarehouseSignal signal : WarehouseSignal.values()) {
            if (!keep.containsKey(signal)) {
                throw new IllegalArgumentException("no retention for " + signal.label());
            }
        }
    }

    /** Records with ts before this instant have expired. */
    public Instant cutoff(WarehouseSignal signal, Instant now) {
        return now.minus(keep.get(signal));
    }
}
