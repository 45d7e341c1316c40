package io.fluxtap.ingestion.sanitize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxtap.ingestion.testing.InMemoryRecordSink;
import io.fluxtap.ingestion.testing.TestServerConfig;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11: a duration key is injected as a {@link Duration} through api's {@code DurationConverter}, which reads
 * {@code 1h30m} (MicroProfile's own converter reads ISO-8601 only and refuses it at start-up).
 */
class DurationConfigCdiTest {

    private SeContainer container;

    @TempDir
    Path dataDir;

    @AfterEach
    void shutDown() {
        if (container != null && container.isRunning()) {
            container.close();
        }
        TestServerConfig.release();
    }

    @Test
    void aDurationKeyWrittenAs1h30mReachesTheBean() {
        TestServerConfig.register(dataDir, Map.of("fluxtap.ingest.max-future-skew", "1h30m"));
        container = SeContainerInitializer.newInstance().addBeanClasses(InMemoryRecordSink.class).initialize();

        TimestampBounds bounds = container.select(TimestampBounds.class).get();

        Instant now = Instant.parse("2026-12-02T02:00:00Z");
        assertEquals(now.plus(Duration.ofMinutes(90)), bounds.latest(now));
    }
}
