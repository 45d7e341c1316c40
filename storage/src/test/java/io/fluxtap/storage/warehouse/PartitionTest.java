package io.fluxtap.storage.warehouse;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PartitionTest {

    private static final long HOUR = Instant.parse("2026-03-04T05:00:00Z").getEpochSecond() / 3600;

    @Test
    void directoriesAndNamesFollowTheLayout() {
        assertEquals("telemetry/traces/2026/03/04/05", new Partition(WarehouseSignal.TRACES, null, HOUR).directory());
        assertEquals("traces_1772600400000000.parquet",
                new Partition(WarehouseSignal.TRACES, null, HOUR).fileName(1772600400000000L));
        Partition visa = new Partition(WarehouseSignal.MESSAGES, "fluxSpec/visa-v1", HOUR);
        assertEquals("messages/fluxSpec/visa-v1/2026/03/04/05", visa.directory());
        assertEquals("messages_fluxSpec_visa-v1_7.parquet", visa.fileName(7));
        assertEquals(Instant.parse("2026-03-04T06:00:00Z"), visa.end());
    }

    /** The ids are WireSpec.isWireId's (its test has the full list); the warehouse takes exactly those. */
    @Test
    void wireIdsThatWouldLeaveTheMessagesDirectoryAreRefused() {
        for (String unsafe : List.of("..", ".", "...", "../x", "x/..", "x/...", "a/b/c", "x y", "", "a".repeat(101))) {
            assertThrows(IllegalArgumentException.class, () -> new Partition(WarehouseSignal.MESSAGES, unsafe, HOUR),
                    unsafe);
        }
        for (String safe : List.of("payments", "fluxSpec/visa-v1", "a.b", "v1..2", "..x")) {
            assertEquals("messages/" + safe + "/2026/03/04/05", new Partition(WarehouseSignal.MESSAGES, safe, HOUR)
                    .directory());
        }
    }
}
