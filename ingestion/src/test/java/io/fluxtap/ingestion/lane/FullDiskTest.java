package io.fluxtap.ingestion.lane;

import static io.fluxtap.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.HealthStatus;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.fluxtap.ingestion.testing.InMemoryRecordSink;
import io.fluxtap.ingestion.testing.TestLanes;
import io.fluxtap.ingestion.testing.TestLogs;
import io.helidon.microprofile.metrics.RegistryFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.stream.Collectors;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lanes on a real, small file system that runs full: a 16 MiB tmpfs this test mounts (it needs root, as
 * CI has; without the permission to mount it is skipped and says so).
 */
class FullDiskTest {

    private static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private Path mount;
    private final List<LaneRouter> routers = new ArrayList<>();

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        mount = Files.createDirectory(tmp.resolve("small"));
        Process process = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assumeTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0,
                "cannot mount a tmpfs here (not root?): " + output);
    }

    @AfterEach
    void unmount() throws Exception {
        routers.forEach(LaneRouter::drain);
        if (mount != null) {
            Process process = new ProcessBuilder("umount", mount.toString()).redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private LaneRouter router(InMemoryRecordSink sink, Path dataDir) {
        // The quota is far above the file system: the disk runs full before the WAL does.
        LaneSettings settings = TestLanes.settings(dataDir,
                new RingSettings(1024, 256, Duration.ofMillis(200), Duration.ofMillis(1), Duration.ofMillis(10)),
                1 << 20, 256L << 20, Set.of());
        LaneRouter router = new LaneRouter(sink,
                new IngestMetrics(RegistryFactory.getInstance().getRegistry(MetricRegistry.APPLICATION_SCOPE)), settings);
        router.start();
        routers.add(router);
        return router;
    }

    @Test
    void afterTheDiskRanFullAndSpaceWasFreedAppendsSucceedAgainAndEveryAcceptedRecordIsStoredOnce() throws Exception {
        Path dataDir = mount.resolve("data");
        InMemoryRecordSink sink = new InMemoryRecordSink();
        LaneRouter router = router(sink, dataDir);
        List<String> accepted = new ArrayList<>();
        List<Long> acceptedMessages = new ArrayList<>();
        accept(router, request("before", 20), accepted);
        assertEquals(PublishResult.ACCEPTED, router.publishMessages(messages(1, 5)).result());
        acceptedMessages.addAll(List.of(1L, 2L, 3L, 4L, 5L));

        Path filler = mount.resolve("filler");
        fill(filler);
        // Leave a little room, so the next request is written in part before the disk refuses the rest.
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 16 * 1024);
        }
        CountingHandler logged = CountingHandler.install();
        List<LogRecord> refused = request("refused", 50);
        int refusals = 0;
        try {
            for (int i = 0; i < 200; i++) {
                PublishResult result = router.publishLogs(i == 0 ? refused : request("flood" + i, 50)).result();
                if (result == PublishResult.ACCEPTED) {
                    throw new AssertionError("request " + i + " was accepted on a full disk");
                }
                assertEquals(PublishResult.UNAVAILABLE, result, "a full disk answers 503 (retry later)");
                refusals++;
            }
            // More than the room left: P0 is refused as well, and what it wrote in part is cut off again.
            assertEquals(PublishResult.UNAVAILABLE, router.publishMessages(messages(100, 30)).result());
            assertEquals(HealthStatus.UNHEALTHY, IngestionHealth.assess(router.snapshots()).status());
        } finally {
            logged.remove();
        }

        Files.delete(filler);
        long freed = System.nanoTime();
        // The sender retries its refused request, as an OTel SDK does after a 503.
        PublishResult retry;
        while ((retry = router.publishLogs(refused).result()) != PublishResult.ACCEPTED) {
            assertTrue(System.nanoTime() - freed < RECOVERY_DEADLINE.toNanos(),
                    "still refused " + RECOVERY_DEADLINE.toSeconds() + " s after space was freed: " + retry + " "
                            + IngestionHealth.assess(router.snapshots()).message());
            TimeUnit.MILLISECONDS.sleep(100);
        }
        refused.forEach(r -> accepted.add(r.body()));
        PublishResult messagesRetry;
        while ((messagesRetry = router.publishMessages(messages(100, 30)).result()) != PublishResult.ACCEPTED) {
            assertTrue(System.nanoTime() - freed < RECOVERY_DEADLINE.toNanos(), "P0 still refused: " + messagesRetry);
            TimeUnit.MILLISECONDS.sleep(100);
        }
        messages(100, 30).forEach(m -> acceptedMessages.add(m.fluxId()));
        accept(router, request("after", 20), accepted);
        until(() -> IngestionHealth.assess(router.snapshots()).status() != HealthStatus.UNHEALTHY,
                RECOVERY_DEADLINE, () -> "health after recovery: " + IngestionHealth.assess(router.snapshots()));
        sink.awaitRecords(accepted.size(), WAIT);

        // Restart: a new process finds what the store committed and replays the rest of the WAL.
        router.drain();
        routers.remove(router);
        InMemoryRecordSink restartedSink = new InMemoryRecordSink();
        restartedSink.seed(sink.batches());
        LaneRouter restarted = router(restartedSink, dataDir);
        until(() -> restarted.snapshots().stream().allMatch(s -> s.wal().map(w -> w.backlog() == 0).orElse(true)),
                WAIT, () -> "replay: " + restarted.snapshots());

        Map<String, Long> copies = restartedSink.records().stream()
                .collect(Collectors.groupingBy(LogRecord::body, Collectors.counting()));
        Map<String, Long> wrong = copies.entrySet().stream().filter(e -> e.getValue() != 1 || !accepted.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(Map.of(), wrong, "records stored twice or never accepted");
        assertEquals(Set.copyOf(accepted), copies.keySet(), "every accepted record is stored");
        List<Long> storedMessages = restartedSink.batches().stream().flatMap(b -> b.messages().stream())
                .map(BusinessMessage::fluxId).sorted().toList();
        assertEquals(acceptedMessages, storedMessages, "every accepted business message once");
        // P0 and P1 each log the start of their streak, and the WAL its fault: not one trace per request.
        assertTrue(logged.withStackTrace.get() <= 4, refusals + " refused requests logged "
                + logged.withStackTrace.get() + " stack traces; the first of a streak is enough");
    }

    @Test
    void aRequestRefusedOnAFullDiskLeavesNothingThatARestartWouldReplay() throws Exception {
        Path dataDir = mount.resolve("data");
        InMemoryRecordSink sink = new InMemoryRecordSink();
        LaneRouter router = router(sink, dataDir);
        List<String> accepted = new ArrayList<>();
        accept(router, request("before", 10), accepted);
        sink.awaitRecords(accepted.size(), WAIT);

        Path filler = mount.resolve("filler");
        fill(filler);
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 16 * 1024);
        }
        // About 50 KiB into 16 KiB of room: the first frames are written before the disk refuses the rest.
        assertEquals(PublishResult.UNAVAILABLE, router.publishLogs(request("refused", 50)).result());
        Files.delete(filler);

        router.drain();
        routers.remove(router);
        InMemoryRecordSink restartedSink = new InMemoryRecordSink();
        restartedSink.seed(sink.batches());
        LaneRouter restarted = router(restartedSink, dataDir);
        until(() -> restarted.snapshots().stream().allMatch(s -> s.wal().map(w -> w.backlog() == 0).orElse(true)),
                WAIT, () -> "replay: " + restarted.snapshots());
        accept(restarted, request("after", 10), accepted);
        restartedSink.awaitRecords(accepted.size(), WAIT);

        List<String> replayedRefused = restartedSink.records().stream().map(LogRecord::body)
                .filter(body -> body.startsWith("refused-")).map(body -> body.substring(0, body.indexOf(' '))).toList();
        assertEquals(List.of(), replayedRefused, "records of the refused request came back after the restart");
        assertEquals(accepted, restartedSink.records().stream().map(LogRecord::body).toList());
    }

    private static void accept(LaneRouter router, List<LogRecord> request, List<String> accepted) {
        assertEquals(PublishResult.ACCEPTED, router.publishLogs(request).result());
        request.forEach(r -> accepted.add(r.body()));
    }

    /** P1 records of about 1 KiB each. */
    private static List<LogRecord> request(String prefix, int count) {
        String padding = "x".repeat(1000);
        List<LogRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(TestLogs.log("svc", Level.INFO, Map.of(), prefix + "-" + i + " " + padding));
        }
        return records;
    }

    private static List<BusinessMessage> messages(long firstId, int count) {
        List<BusinessMessage> messages = new ArrayList<>(count);
        for (long id = firstId; id < firstId + count; id++) {
            messages.add(new BusinessMessage("orders-v1", id, Instant.parse("2026-01-01T00:00:00Z"), Map.of(),
                    "{\"id\":" + id + ",\"pad\":\"" + "y".repeat(1000) + "\"}", null, null, null, "shop", null));
        }
        return messages;
    }

    private static void fill(Path file) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    /** Counts what the lanes and the WAL log with a stack trace. */
    private static final class CountingHandler extends Handler {
        private static final List<String> LOGGERS = List.of(DurableLane.class.getName(),
                io.fluxtap.ingestion.wal.WriteAheadLog.class.getName());
        private final AtomicInteger withStackTrace = new AtomicInteger();

        static CountingHandler install() {
            CountingHandler handler = new CountingHandler();
            LOGGERS.forEach(name -> java.util.logging.Logger.getLogger(name).addHandler(handler));
            return handler;
        }

        void remove() {
            LOGGERS.forEach(name -> java.util.logging.Logger.getLogger(name).removeHandler(this));
        }

        @Override
        public void publish(java.util.logging.LogRecord record) {
            if (record.getThrown() != null) {
                withStackTrace.incrementAndGet();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
