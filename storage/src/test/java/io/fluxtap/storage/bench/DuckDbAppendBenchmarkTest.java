package io.fluxtap.storage.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

/**
 * One invocation of each side of the Appender baseline that {@code bench/e2e-logs.sh} measures the store against:
 * the bare Appender must fill every column of {@code active_logs} as the writer does (it silently fell behind a
 * migration once and the benchmark could no longer run), and each side's rows must all be in the table at the end.
 */
class DuckDbAppendBenchmarkTest {

    @Test
    void bothSidesWriteTheirRowsIntoTheCurrentSchema() throws Exception {
        DuckDbAppendBenchmark raw = new DuckDbAppendBenchmark();
        DuckDbAppendBenchmark writer = new DuckDbAppendBenchmark();
        raw.open();
        writer.open();
        try {
            assertDoesNotThrow(raw::rawAppender);
            assertDoesNotThrow(writer::recordSinkWriter);
        } finally {
            // Each checks that active_logs holds exactly the rows it wrote.
            raw.close();
            writer.close();
        }
    }
}
