package io.fluxtap.ingestion.sanitize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxtap.ingestion.testing.CdiTestServer;
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

    private CdiTestServer server;

    @TempDir
    Path dataDir;

    @AfterEach
    void shutDown() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aDurationKeyWrittenAs1h30mReachesTheBean() {
        server = CdiTestServer.boot(dataDir, Map.of("fluxtap.ingest.max-future-skew", "1h30m"));

        TimestampBounds bounds = server.bean(TimestampBounds.class);

        Instant now = Instant.parse("2026-12-02T02:00:00Z");
        assertEquals(now.plus(Duration.ofMinutes(90)), bounds.latest(now));
    }
}
