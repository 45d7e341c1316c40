package io.fluxtap.ingestion.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.ingestion.testing.FaultyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log when the disk refuses a write, an fsync or a truncation (through the segment-channel seam). */
class WriteAheadLogFaultTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final FaultyFiles files = new FaultyFiles();

    private WriteAheadLog open(SegmentChannel.Opener opener) {
        return WriteAheadLog.open(new WalOptions(dir, 1 << 20, 64L << 20, Duration.ZERO), 1, nanos -> { }, opener);
    }

    private static List<byte[]> records(String prefix, int count) {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add((prefix + "-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return records;
    }

    private static List<String> texts(List<WalRecord> records) {
        return records.stream().map(r -> new String(r.payload(), StandardCharsets.UTF_8)).toList();
    }

    private long segmentBytes() throws IOException {
        try (Stream<Path> segments = Files.list(dir)) {
            return segments.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** What a restarted process reads back, through real files. */
    private List<String> afterRestart() {
        try (WriteAheadLog reopened = open(SegmentChannel.FILES)) {
            assertTrue(reopened.recovery().corruption().isEmpty(),
                    "no partial frame was left: " + reopened.recovery().corruption());
            return texts(reopened.readAfter(0, 1000));
        }
    }

    @Test
    void aFailedWriteLeavesNothingOfTheRequestAndTheNextAppendWorks() throws Exception {
        List<String> acknowledged = new ArrayList<>();
        try (WriteAheadLog wal = open(files)) {
            long a = wal.append(records("a", 3));
            assertTrue(wal.awaitDurable(a, WAIT));
            acknowledged.addAll(List.of("a-0", "a-1", "a-2"));
            long before = segmentBytes();

            files.failWritesAfter(20);
            WalException refused = assertThrows(WalException.class, () -> wal.append(records("b", 3)));
            assertTrue(refused.getMessage().contains("No space left on device"), refused.getMessage());
            assertEquals(before, segmentBytes(), "the 20 bytes written of the refused request were cut off");
            assertTrue(wal.failure().isPresent(), "health shows the fault while it lasts");
            assertEquals(a, wal.lastLsn());

            files.heal();
            long c = wal.append(records("c", 2));
            assertEquals(a + 2, c, "the refused request's LSNs were never handed out");
            assertTrue(wal.awaitDurable(c, WAIT));
            assertTrue(wal.failure().isEmpty(), "the fault cleared with the first append that worked");
            acknowledged.addAll(List.of("c-0", "c-1"));
        }
        assertEquals(acknowledged, afterRestart());
    }

    @Test
    void aFailedFsyncFailsItsWaitersCutsTheirFramesAndTheLogWorksAfterwards() throws Exception {
        List<String> acknowledged = new ArrayList<>();
        try (WriteAheadLog wal = open(files)) {
            long a = wal.append(records("a", 3));
            assertTrue(wal.awaitDurable(a, WAIT));
            acknowledged.addAll(List.of("a-0", "a-1", "a-2"));
            long before = segmentBytes();

            files.failForces(true);
            long b = wal.append(records("b", 4));
            WalException failed = assertThrows(WalException.class, () -> wal.awaitDurable(b, WAIT),
                    "the request waiting for its fsync is failed, not left waiting");
            assertTrue(failed.getMessage().contains("fsync"), failed.getMessage());
            for (long lsn = b - 3; lsn <= b; lsn++) {
                assertTrue(wal.isCut(lsn), "record " + lsn + " must never be stored");
            }
            assertFalse(wal.isCut(a));
            assertEquals(before, segmentBytes(), "the unsynced frames were cut off the segment");
            assertEquals(a, wal.lastLsn());
            assertTrue(wal.failure().isPresent());

            files.heal();
            long c = wal.append(records("c", 2));
            assertTrue(c > b, "cut LSNs are not used again");
            assertTrue(wal.awaitDurable(c, WAIT), "appends after the fault cleared are durable");
            assertTrue(wal.failure().isEmpty());
            assertEquals(List.of("c-0", "c-1"), texts(wal.readAfter(a, 100)), "replay skips the cut frames");
            acknowledged.addAll(List.of("c-0", "c-1"));
        }
        assertEquals(acknowledged, afterRestart(), "a restart replays exactly the acknowledged records");
    }

    @Test
    void aTruncationThatFailsKeepsTheLogRefusingUntilItCanCutTheFailedAppendOff() throws Exception {
        try (WriteAheadLog wal = open(files)) {
            long a = wal.append(records("a", 2));
            assertTrue(wal.awaitDurable(a, WAIT));

            files.failWritesAfter(30);
            files.failTruncates(true);
            assertThrows(WalException.class, () -> wal.append(records("b", 3)));
            files.failWritesAfter(-1);
            assertThrows(WalException.class, () -> wal.append(records("c", 1)),
                    "nothing is written after frames that could not be cut off");

            files.heal();
            long d = wal.append(records("d", 1));
            assertTrue(wal.awaitDurable(d, WAIT));
        }
        assertEquals(List.of("a-0", "a-1", "d-0"), afterRestart());
    }

    @Test
    void aRetractedAppendIsCutAndItsLsnsSkipped() throws Exception {
        try (WriteAheadLog wal = open(SegmentChannel.FILES)) {
            long a = wal.append(records("a", 2));
            long first = wal.nextLsn();
            long b = wal.append(records("b", 3));
            assertEquals(first + 2, b);
            wal.retract(first);
            assertTrue(wal.isCut(first) && wal.isCut(b));
            assertEquals(a, wal.lastLsn());
            wal.retract(first);
            assertEquals(a, wal.lastLsn(), "retracting what is cut already changes nothing");
            long c = wal.append(records("c", 1));
            assertTrue(c > b);
            long d = wal.append(records("d", 1));
            assertThrows(IllegalStateException.class, () -> wal.retract(c), "only the newest append");
            assertTrue(wal.awaitDurable(d, WAIT));
        }
        assertEquals(List.of("a-0", "a-1", "c-0", "d-0"), afterRestart());
    }

    @Test
    void discardingRecordsThatAreNotDurableYetMarksThemCut() throws Exception {
        try (WriteAheadLog wal = open(files)) {
            long a = wal.append(records("a", 1));
            assertTrue(wal.awaitDurable(a, WAIT));
            assertFalse(wal.discard(a, a, true), "durable records are left alone");
            assertFalse(wal.isCut(a));
            assertTrue(wal.discard(a, a, false));
            assertTrue(wal.isCut(a));
        }
    }

    /**
     * A retracted append that had reached the disk, then a cut in the next segment: the cut must go back to the
     * last record kept, not to the newest fsynced LSN, which names the retracted record. Otherwise the log
     * reports a newest record that nobody will ever store, and the lane's backlog never reaches zero.
     */
    @Test
    void aCutAfterARetractedDurableAppendGoesBackToTheLastRecordKept() throws Exception {
        // A long group-commit window, so the fsync of the last append can be made to fail before it runs.
        try (WriteAheadLog wal = WriteAheadLog.open(new WalOptions(dir, 1 << 20, 64L << 20, Duration.ofMillis(500)), 1,
                nanos -> { }, files)) {
            long kept = wal.append(records("kept", 1));
            assertTrue(wal.awaitDurable(kept, WAIT));
            long retracted = wal.append(records("refused-elsewhere", 1));
            assertTrue(wal.awaitDurable(retracted, WAIT), "on disk before its request was refused");
            wal.retract(retracted);
            assertEquals(kept, wal.lastLsn());

            long cut = wal.append(records("cut", 1));
            files.failForces(true);
            assertThrows(WalException.class, () -> wal.awaitDurable(cut, WAIT));
            files.heal();

            assertEquals(kept, wal.lastLsn(), "the newest record kept is " + kept + "; " + retracted + " was retracted");
            assertEquals(List.of("kept-0"), texts(wal.readAfter(0, 10)));
        }
        assertEquals(List.of("kept-0"), afterRestart());
    }
}
