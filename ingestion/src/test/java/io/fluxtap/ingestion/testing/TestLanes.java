package io.fluxtap.ingestion.testing;

import io.fluxtap.api.Level;
import io.fluxtap.ingestion.lane.DurableSettings;
import io.fluxtap.ingestion.lane.LaneSettings;
import io.fluxtap.ingestion.lane.RingSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** Lane settings for tests: small, fast, with the WAL under a test's temporary directory. */
public final class TestLanes {

    private TestLanes() {
    }

    public static LaneSettings settings(Path dataDir, RingSettings ring) {
        return settings(dataDir, ring, 1 << 20, 64L << 20, Set.of());
    }

    public static LaneSettings settings(Path dataDir, RingSettings ring, long segmentBytes, long quotaBytes,
                                        Set<String> p0Services) {
        return new LaneSettings(ring, Duration.ofSeconds(5), dataDir.resolve("wal"), segmentBytes, quotaBytes,
                Duration.ofMillis(1), new DurableSettings(ring.publishTimeout(), Duration.ofSeconds(10), 100_000),
                p0Services, Level.INFO);
    }
}
