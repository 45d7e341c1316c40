package io.fluxtap.tools.loadgen;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** remote_write against a receiver in the test that is as strict as Prometheus about order and format. */
class RemoteWriteEndToEndTest {

    @Test
    void everySampleArrivesInOrderOverConcurrentConnections() throws Exception {
        try (RemoteWriteTestServer server = new RemoteWriteTestServer()) {
            long before = System.currentTimeMillis();

            RunOutcome outcome = RunOutcome.of("--mode", "remote-write", "--endpoint", server.endpoint(),
                    "--records", "20000", "--batch", "500", "--series", "50", "--connections", "4",
                    "--service", "bench", "--attr", "region=eu");

            assertEquals(LoadGen.EXIT_RAN, outcome.status(), outcome.err());
            assertEquals(List.of(), server.refused());
            assertEquals(40, server.requests());
            assertEquals(20000, server.samples());
            Map<String, Long> series = server.lastTimestamps();
            assertEquals(50, series.size());
            for (Map.Entry<String, Long> one : series.entrySet()) {
                assertTrue(one.getKey().startsWith("__name__=loadgen_series_value_"), one.getKey());
                assertTrue(one.getKey().contains(",job=bench,region=eu,series="), one.getKey());
                assertTrue(one.getValue() >= before, "timestamps are milliseconds of now: " + one.getValue());
            }
            assertTrue(outcome.out().contains("records   sent 20000, accepted 20000, rejected 0, failed 0"),
                    outcome.out());
            assertTrue(outcome.out().contains("requests  40 (HTTP 204: 40)"), outcome.out());
        }
    }

    /** 20 samples per series over 200 ms: well under the 1000 per second a series can take on the clock. */
    @Test
    void timestampsStayOnTheClockSoThatASecondRunIsInOrderToo() throws Exception {
        try (RemoteWriteTestServer server = new RemoteWriteTestServer()) {
            for (int run = 0; run < 2; run++) {
                RunOutcome outcome = RunOutcome.of("--mode", "remote-write", "--endpoint", server.endpoint(),
                        "--records", "4000", "--batch", "400", "--series", "200", "--connections", "2",
                        "--rate", "20000");
                assertEquals(LoadGen.EXIT_RAN, outcome.status(), outcome.err());
                long now = System.currentTimeMillis();
                server.lastTimestamps().forEach((series, last) ->
                        assertTrue(last <= now, series + " is " + (last - now) + " ms ahead of the clock"));
            }

            assertEquals(List.of(), server.refused());
            assertEquals(8000, server.samples());
        }
    }
}
