package io.fluxtap.storage.duck;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DuckDbResourcesTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path tmp;

    @Test
    void theDatabaseRunsWithTheConfiguredMemoryLimitAndThreads() {
        DuckDbResources resources = DuckDbResources.of("300MiB", 3, 64 * GIB, 8);
        try (DuckDbDatabase db = new DuckDbDatabase(tmp.resolve("data"), 1, resources)) {
            assertEquals(300L << 20, bytesOf(db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT current_setting('memory_limit')").mapTo(String.class).one())));
            assertEquals(3, (int) db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT current_setting('threads')").mapTo(Integer.class).one()));
            // Query handles are duplicates of the primary connection: the settings are the database's, not one handle's.
            assertEquals(3, (int) db.query(h -> h.createQuery(
                    "SELECT current_setting('threads')").mapTo(Integer.class).one()));
        }
    }

    @Test
    void theDefaultIsAQuarterOfMemoryCappedAtOneGibibyteAndOneThreadPerProcessor() {
        assertEquals(new DuckDbResources(GIB, 8), DuckDbResources.of("auto", 0, 64 * GIB, 8));
        assertEquals(new DuckDbResources(GIB / 2, 2), DuckDbResources.of("AUTO", 0, 2 * GIB, 2));
        try (DuckDbDatabase db = new DuckDbDatabase(tmp.resolve("defaults"))) {
            long limit = bytesOf(db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT current_setting('memory_limit')").mapTo(String.class).one()));
            assertTrue(limit <= GIB, "DuckDB's own default is 80 % of RAM; ours at most 1 GiB, got " + limit);
            assertEquals(DuckDbResources.defaults().memoryLimitBytes(), limit, 0.01 * limit);
        }
    }

    @Test
    void sizesReadWithTheirUnits() {
        assertEquals(512L << 20, memory("512MiB"));
        assertEquals(512L << 20, memory("512m"));
        assertEquals(2_000_000_000L, memory("2GB"));
        assertEquals(2 * GIB, memory("2 gib"));
        assertEquals(4096, memory("4096"));
        assertEquals(10 * GIB / 100 * 10, memory("10%"));
    }

    @Test
    void badValuesStopStartUpWithTheKeyNamed() {
        for (String bad : new String[] {"", "lots", "0", "-1GiB", "0%", "150%", "1.5GiB", "99999999999999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> memory(bad), bad);
            assertTrue(e.getMessage().contains("fluxtap.duckdb.memory-limit"), e.getMessage());
        }
        IllegalArgumentException threads = assertThrows(IllegalArgumentException.class,
                () -> DuckDbResources.of("auto", -1, GIB, 2));
        assertTrue(threads.getMessage().contains("fluxtap.duckdb.threads"), threads.getMessage());
    }

    private static long memory(String text) {
        return DuckDbResources.of(text, 1, 10 * GIB, 2).memoryLimitBytes();
    }

    /** DuckDB shows the limit rounded to two decimals of its unit, e.g. {@code 300.0 MiB}. */
    private static long bytesOf(String shown) {
        String[] parts = shown.trim().split("\\s+");
        double number = Double.parseDouble(parts[0]);
        long unit = switch (parts[1]) {
            case "bytes" -> 1;
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            case "TiB" -> 1L << 40;
            default -> throw new AssertionError("unexpected unit in '" + shown + "'");
        };
        return Math.round(number * unit);
    }
}
