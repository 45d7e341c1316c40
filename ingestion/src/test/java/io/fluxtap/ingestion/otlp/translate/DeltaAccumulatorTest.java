package io.fluxtap.ingestion.otlp.translate;

import io.fluxtap.ingestion.otlp.translate.DeltaAccumulator.StreamKey;
import io.fluxtap.testing.MovableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeltaAccumulatorTest {

    private static final StreamKey A = new StreamKey("sum", "a_total", Map.of("job", "x"));
    private static final StreamKey B = new StreamKey("sum", "b_total", Map.of("job", "x"));

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void streamsAreKeptApartByNameKindAndLabels() throws Exception {
        DeltaAccumulator deltas = new DeltaAccumulator(clock);

        assertEquals(1.0, deltas.add(A, 0, 10, 1.0, Double::sum));
        assertEquals(5.0, deltas.add(B, 0, 10, 5.0, Double::sum));
        assertEquals(3.0, deltas.add(A, 10, 20, 2.0, Double::sum));
        assertEquals(7.0, deltas.add(new StreamKey("sum", "a_total", Map.of("job", "y")), 0, 10, 7.0, Double::sum));
        assertEquals(3, deltas.streams());
    }

    @Test
    void idleStreamsAreForgottenAndStartAgainFromZero() throws Exception {
        DeltaAccumulator deltas = new DeltaAccumulator(clock, Duration.ofMinutes(10), 100);
        deltas.add(A, 0, 10, 4.0, Double::sum);

        clock.advance(Duration.ofMinutes(11));

        assertEquals(1.0, deltas.add(A, 10, 20, 1.0, Double::sum), "the idle total was dropped");
    }

    @Test
    void newStreamsAreRefusedAtTheLimitWhileKnownOnesGoOn() throws Exception {
        DeltaAccumulator deltas = new DeltaAccumulator(clock, Duration.ofHours(1), 1);
        deltas.add(A, 0, 10, 1.0, Double::sum);

        InvalidDataPoint refused = assertThrows(InvalidDataPoint.class, () -> deltas.add(B, 0, 10, 1.0, Double::sum));

        assertTrue(refused.getMessage().contains("too many delta streams"), refused.getMessage());
        assertEquals(2.0, deltas.add(A, 10, 20, 1.0, Double::sum));
    }

    @Test
    void timesAreUnsigned() throws Exception {
        DeltaAccumulator deltas = new DeltaAccumulator(clock);
        long afterSignBit = Long.MIN_VALUE + 5;
        deltas.add(A, 0, 10, 1.0, Double::sum);

        assertEquals(3.0, deltas.add(A, 10, afterSignBit, 2.0, Double::sum), "a time past 2^63 ns is later, not earlier");
    }

}
