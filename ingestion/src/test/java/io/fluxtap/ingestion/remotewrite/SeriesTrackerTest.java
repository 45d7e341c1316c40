package io.fluxtap.ingestion.remotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.MetricSample;
import io.fluxtap.api.MetricSample.MetricType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesTrackerTest {

    private static final double STALE = Double.longBitsToDouble(0x7ff0000000000002L);

    private final SeriesTracker tracker = new SeriesTracker(100);

    @Test
    void newerSamplesAreTakenAndIdenticalResendsLeftOut() throws Exception {
        accept(sample("up", "a", 1_000, 1), sample("up", "a", 2_000, 1));

        List<MetricSample> fresh = tracker.admit(List.of(sample("up", "a", 2_000, 1), sample("up", "a", 3_000, 0),
                sample("up", "b", 1_000, 5))).fresh();

        assertEquals(List.of(sample("up", "a", 3_000, 0), sample("up", "b", 1_000, 5)), fresh);
    }

    @Test
    void outOfOrderAndDuplicateSamplesRefuseTheRequestAndChangeNothing() throws Exception {
        accept(sample("up", "a", 2_000, 1));

        RemoteWriteRejected older = assertThrows(RemoteWriteRejected.class,
                () -> tracker.admit(List.of(sample("up", "b", 5_000, 1), sample("up", "a", 1_999, 1))));
        assertEquals(400, older.status());
        assertTrue(older.getMessage().contains("out of order"), older.getMessage());

        RemoteWriteRejected duplicate = assertThrows(RemoteWriteRejected.class,
                () -> tracker.admit(List.of(sample("up", "a", 2_000, 2))));
        assertTrue(duplicate.getMessage().contains("duplicate"), duplicate.getMessage());

        assertThrows(RemoteWriteRejected.class, () -> tracker.admit(
                List.of(sample("up", "c", 2_000, 1), sample("up", "c", 1_000, 1))), "backwards inside one request");

        // The refused request's series "b" was not remembered: an older sample for it is still fine.
        assertEquals(1, tracker.admit(List.of(sample("up", "b", 1_000, 1))).fresh().size());
    }

    @Test
    void staleMarkersCompareBitForBitAndOtherSeriesAreIndependent() throws Exception {
        accept(sample("up", "a", 1_000, STALE));
        assertTrue(tracker.admit(List.of(sample("up", "a", 1_000, STALE))).fresh().isEmpty());
        assertThrows(RemoteWriteRejected.class, () -> tracker.admit(List.of(sample("up", "a", 1_000, Double.NaN))));
        assertEquals(1, tracker.admit(List.of(sample("down", "a", 500, 1))).fresh().size(), "another name");
    }

    @Test
    void onlyAdmittedSamplesThatWereAcceptedAreRemembered() throws Exception {
        List<MetricSample> fresh = tracker.admit(List.of(sample("up", "a", 1_000, 1), sample("up", "a", 2_000, 1)))
                .fresh();
        tracker.accepted(fresh.subList(0, 1));

        assertEquals(List.of(sample("up", "a", 2_000, 1)), tracker.admit(fresh).fresh(), "the retry stores the rest");
    }

    @Test
    void forgetsTheLeastRecentlyWrittenSeriesBeyondItsBound() throws Exception {
        SeriesTracker small = new SeriesTracker(2);
        small.accepted(List.of(sample("up", "a", 2_000, 1), sample("up", "b", 2_000, 1), sample("up", "c", 2_000, 1)));

        assertEquals(1, small.admit(List.of(sample("up", "a", 1_000, 1))).fresh().size(), "a was forgotten");
        assertThrows(RemoteWriteRejected.class, () -> small.admit(List.of(sample("up", "c", 1_000, 1))));
    }

    private void accept(MetricSample... samples) throws RemoteWriteRejected {
        tracker.accepted(tracker.admit(List.of(samples)).fresh());
    }

    private static MetricSample sample(String name, String instance, long ms, double value) {
        return new MetricSample(Instant.ofEpochMilli(ms), name, Map.of("instance", instance), value,
                MetricType.GAUGE, null, null, null, null, null, null, List.of());
    }
}
