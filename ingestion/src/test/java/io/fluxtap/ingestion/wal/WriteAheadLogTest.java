package io.fluxtap.ingestion.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {

    @TempDir
    Path dir;

    private final AtomicInteger fsyncs = new AtomicInteger();

    private WriteAheadLog open(long segmentBytes, long quota, long minNextLsn) {
        return WriteAheadLog.open(new WalOptions(dir, segmentBytes, quota, Duration.ZERO), minNextLsn,
                nanos -> fsyncs.incrementAndGet());
    }

    private WriteAheadLog open() {
        return open(1 << 20, 64L << 20, 1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<WalRecord> records) {
        return records.stream().map(r -> new String(r.payload(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void appendedRecordsBecomeDurableAndReadBackInOrderAfterReopen() throws Exception {
        try (WriteAheadLog wal = open()) {
            assertEquals(1, wal.append(bytes("a")));
            assertEquals(3, wal.append(List.of(bytes("b"), bytes("c"))));
            assertTrue(wal.awaitDurable(3, Duration.ofSeconds(5)));
            assertEquals(3, wal.durableLsn());
            assertTrue(fsyncs.get() >= 1, "durability came from an fsync");
        }
        try (WriteAheadLog wal = open()) {
            assertTrue(wal.recovery().corruption().isEmpty());
            assertEquals(3, wal.recovery().records());
            List<WalRecord> all = wal.readAfter(0, 100);
            assertEquals(List.of("a", "b", "c"), texts(all));
            assertEquals(List.of(1L, 2L, 3L), all.stream().map(WalRecord::lsn).toList());
            assertEquals(List.of("c"), texts(wal.readAfter(2, 100)));
            assertEquals(4, wal.append(bytes("d")), "LSNs continue after a restart");
        }
    }

    @Test
    void segmentsRollAndAppliedOnesAreReleasedButLsnsSurviveARestart() throws Exception {
        byte[] payload = new byte[100];
        try (WriteAheadLog wal = open(1024, 1 << 20, 1)) {
            for (int i = 0; i < 50; i++) {
                wal.append(payload);
            }
            assertTrue(wal.segmentCount() > 4, "rolled over: " + wal.segmentCount());
            assertTrue(wal.awaitDurable(50, Duration.ofSeconds(5)));
            long before = wal.sizeBytes();
            wal.release(50);
            assertEquals(1, wal.segmentCount(), "only the active segment is left");
            assertTrue(wal.sizeBytes() < before);
            assertEquals(List.of(), wal.readAfter(50, 10));
        }
        try (WriteAheadLog wal = open(1024, 1 << 20, 1)) {
            assertEquals(51, wal.append(payload), "the kept segment's name carries the LSN on");
        }
    }

    @Test
    void releaseKeepsSegmentsWithUnappliedRecords() throws Exception {
        try (WriteAheadLog wal = open(1024, 1 << 20, 1)) {
            for (int i = 0; i < 30; i++) {
                wal.append(new byte[100]);
            }
            wal.release(12);
            List<WalRecord> rest = wal.readAfter(12, 100);
            assertEquals(18, rest.size());
            assertEquals(13, rest.get(0).lsn());
        }
    }

    @Test
    void tornTailIsCutAtTheLastGoodRecordAndReported() throws Exception {
        try (WriteAheadLog wal = open()) {
            wal.append(List.of(bytes("one"), bytes("two"), bytes("three")));
        }
        Path segment = SegmentFiles.list(dir).get(0).path();
        long goodSize = Files.size(segment);
        // A crash in the middle of writing a fourth frame: its header and half its payload.
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocate(Frame.frameBytes(40));
            Frame.write(frame, 4, new byte[40]);
            frame.flip().limit(Frame.HEADER_BYTES + 20);
            ch.write(frame);
        }
        try (WriteAheadLog wal = open()) {
            WalRecovery.Corruption cut = wal.recovery().corruption().orElseThrow();
            assertEquals(goodSize, cut.offset());
            assertTrue(cut.reason().contains("torn"), cut.reason());
            assertEquals(goodSize, Files.size(segment), "truncated back to the last good frame");
            assertEquals(List.of("one", "two", "three"), texts(wal.readAfter(0, 10)));
            assertEquals(4, wal.append(bytes("four")));
        }
        try (WriteAheadLog wal = open()) {
            assertTrue(wal.recovery().corruption().isEmpty(), "the repaired log is clean");
            assertEquals(List.of("one", "two", "three", "four"), texts(wal.readAfter(0, 10)));
        }
    }

    @Test
    void badCrcEndsTheLogAndLaterSegmentsGo() throws Exception {
        try (WriteAheadLog wal = open(256, 1 << 20, 1)) {
            for (int i = 0; i < 20; i++) {
                wal.append(bytes("record-" + i + "-" + "x".repeat(40)));
            }
        }
        List<SegmentFiles.Segment> segments = SegmentFiles.list(dir);
        assertTrue(segments.size() >= 4);
        SegmentFiles.Segment victim = segments.get(1);
        try (FileChannel ch = FileChannel.open(victim.path(), StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0xFF}), Frame.HEADER_BYTES + 3); // flip a payload byte
        }
        try (WriteAheadLog wal = open(256, 1 << 20, 1)) {
            WalRecovery.Corruption cut = wal.recovery().corruption().orElseThrow();
            assertEquals(victim.path(), cut.segment());
            assertEquals(0, cut.offset());
            assertEquals("CRC32C mismatch", cut.reason());
            assertEquals(segments.size() - 2, cut.deletedSegments());
            List<WalRecord> left = wal.readAfter(0, 100);
            assertEquals(victim.firstLsn() - 1, left.size(), "everything before the bad frame is kept");
            assertEquals(victim.firstLsn(), wal.append(bytes("next")), "appends continue right after the cut");
        }
    }

    @Test
    void quotaRefusesAppendsWithoutWritingAnything() throws Exception {
        try (WriteAheadLog wal = open(1024, 1024, 1)) {
            long last = 0;
            for (int i = 0; i < 8; i++) {
                last = wal.append(new byte[100]);
            }
            long size = wal.sizeBytes();
            WalFullException full = assertThrows(WalFullException.class, () -> wal.append(new byte[200]));
            assertTrue(full.getMessage().contains("quota"));
            assertEquals(size, wal.sizeBytes());
            assertEquals(last, wal.lastLsn());
        }
    }

    @Test
    void aFullyAppliedActiveSegmentGivesItsSpaceBackAtTheQuota() throws Exception {
        try (WriteAheadLog wal = open(1024, 1024, 1)) {
            long last = 0;
            for (int i = 0; i < 8; i++) {
                last = wal.append(new byte[100]);
            }
            assertThrows(WalFullException.class, () -> wal.append(new byte[200]), "full while nothing is applied");
            wal.release(last - 1);
            assertThrows(WalFullException.class, () -> wal.append(new byte[200]), "still full: one record unapplied");
            wal.release(last);
            assertEquals(last + 1, wal.append(new byte[200]), "the applied segment made room");
            assertEquals(1, wal.segmentCount());
            assertEquals(List.of(last + 1), wal.readAfter(0, 10).stream().map(WalRecord::lsn).toList());
        }
    }

    @Test
    void storageAheadOfTheLogMovesLsnsForward() throws Exception {
        try (WriteAheadLog wal = open()) {
            wal.append(bytes("a"));
        }
        try (WriteAheadLog wal = open(1 << 20, 64L << 20, 1000)) {
            assertEquals(1000, wal.append(bytes("b")));
        }
        try (WriteAheadLog wal = open()) {
            assertTrue(wal.recovery().corruption().isEmpty(), "a segment gap made by the jump is not corruption");
            assertEquals(List.of("b"), texts(wal.readAfter(1, 10)));
        }
    }

    @Test
    void concurrentAppendersGetUniqueConsecutiveLsnsAndShareFsyncs() throws Exception {
        int threads = 4;
        int perThread = 500;
        try (WriteAheadLog wal = WriteAheadLog.open(new WalOptions(dir, 1 << 16, 64L << 20, Duration.ofMillis(2)), 1,
                nanos -> fsyncs.incrementAndGet())) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    List<Long> lsns = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        long lsn = wal.append(bytes(id + ":" + i));
                        assertTrue(wal.awaitDurable(lsn, Duration.ofSeconds(10)));
                        lsns.add(lsn);
                    }
                    return lsns;
                }));
            }
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> f : futures) {
                all.addAll(f.get());
            }
            pool.shutdown();
            assertEquals(threads * perThread, all.size());
            assertEquals(threads * perThread, (long) java.util.Collections.max(all));
            assertTrue(fsyncs.get() < threads * perThread, "group commit shares fsyncs: " + fsyncs.get());
            List<WalRecord> read = wal.readAfter(0, threads * perThread + 1);
            assertEquals(threads * perThread, read.size());
        }
    }

    @Test
    void theGroupCommitWindowIsWaitedOutSoOneFsyncServesEveryAppendInIt() throws Exception {
        // Each append wakes the sync thread; the window must still be waited out, or P1 would not group.
        try (WriteAheadLog wal = WriteAheadLog.open(new WalOptions(dir, 1 << 20, 64L << 20, Duration.ofSeconds(1)), 1,
                nanos -> fsyncs.incrementAndGet())) {
            long last = 0;
            for (int i = 0; i < 20; i++) {
                last = wal.append(bytes("r" + i));
            }
            assertTrue(wal.awaitDurable(last, Duration.ofSeconds(10)));
            assertEquals(1, fsyncs.get(), "20 appends within one window, one fsync");
        }
    }

    @Test
    void aClosedLogRefusesAppends() {
        WriteAheadLog wal = open();
        wal.close();
        assertThrows(WalException.class, () -> wal.append(bytes("late")));
        assertFalse(wal.failure().isPresent(), "closing is not a failure");
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new WalOptions(dir, 1024, 512, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new WalOptions(dir, 4, 1 << 20, Duration.ZERO));
    }


    @Test
    void aReaderFollowingTheLogInChunksGetsEveryRecordOnceAcrossSegmentsRetractsAndRereads() throws Exception {
        try (WriteAheadLog wal = open(4096, 64L << 20, 1)) {
            List<String> expected = new ArrayList<>();
            List<String> followed = new ArrayList<>();
            long readUpTo = 0;
            for (int i = 0; i < 300; i++) {
                long last = wal.append(List.of(bytes("r-" + i), bytes("s-" + i)));
                if (i % 7 == 3) {
                    wal.retract(last - 1);
                } else {
                    expected.add("r-" + i);
                    expected.add("s-" + i);
                }
                if (i % 5 == 0) {
                    for (List<WalRecord> chunk = wal.readAfter(readUpTo, 3); !chunk.isEmpty();
                         chunk = wal.readAfter(readUpTo, 3)) {
                        followed.addAll(texts(chunk));
                        readUpTo = chunk.getLast().lsn();
                    }
                }
            }
            for (List<WalRecord> chunk = wal.readAfter(readUpTo, 3); !chunk.isEmpty(); chunk = wal.readAfter(readUpTo, 3)) {
                followed.addAll(texts(chunk));
                readUpTo = chunk.getLast().lsn();
            }
            assertTrue(wal.segmentCount() > 3, "the records span several segments");
            assertEquals(expected, followed);
            assertEquals(expected, texts(wal.readAfter(0, 10_000)), "reading again from the start still works");
            assertEquals(expected.subList(expected.size() - 4, expected.size()),
                    texts(wal.readAfter(wal.lastLsn() - 4, 10)), "and from any LSN");
        }
    }

    @Test
    void aReaderFollowingTheLogDoesNotReadTheSegmentFromItsStartAgain() throws Exception {
        try (WriteAheadLog wal = open()) {
            wal.append(List.of(bytes("a"), bytes("b"), bytes("c")));
            assertEquals(List.of("a", "b", "c"), texts(wal.readAfter(0, 10)));
            // Spoil the frames already read: a reader that rescans the segment from its start trips over them.
            Path segment;
            try (var files = Files.list(dir)) {
                segment = files.filter(f -> f.getFileName().toString().endsWith(".wal")).findFirst().orElseThrow();
            }
            try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(new byte[] {0x7f, 0x7f, 0x7f}), Frame.HEADER_BYTES);
            }
            wal.append(bytes("d"));
            assertEquals(List.of("d"), texts(wal.readAfter(3, 10)));
        }
    }
}
