package io.fluxtap.ingestion.remotewrite;

import io.fluxtap.testing.Http;
import static io.fluxtap.testing.Await.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.Lane;
import io.fluxtap.api.MetricSample;
import io.fluxtap.api.MetricSample.MetricType;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.ingestion.testing.CdiTestServer;
import io.fluxtap.ingestion.testing.InMemoryRecordSink;
import io.fluxtap.ingestion.testing.TestServerConfig;
import io.helidon.microprofile.server.ServerCdiExtension;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/write} over real HTTP in the real Helidon MP container, with real snappy and protobuf,
 * into the real lanes; only the store is a test double.
 */
class RemoteWriteResourceCdiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PROTOBUF = "application/x-protobuf";
    private static final int MAX_BYTES = 4096;

    @RegisterExtension
    final CdiTestServer server = CdiTestServer.perTest(Map.of("fluxtap.remote-write.max-request-bytes", Integer.toString(MAX_BYTES)));

    @Test
    void samplesAreStoredWithTheirLabelsThroughLaneP2() throws Exception {
        assertEquals(204, write(new WireRequests().metadata(2, "temperature_celsius", "Room temperature.", "")
                .snappy()).statusCode(), "a metadata-only request");

        HttpResponse<String> response = write(new WireRequests()
                .series(List.of("__name__", "temperature_celsius", "job", "sensors", "room", "lab"),
                        new double[] {21.5, 22.0}, new long[] {1_700_000_000_000L, 1_700_000_015_000L})
                .series(List.of("__name__", "up", "job", "sensors", "instance", "h:9100"),
                        new double[] {1}, new long[] {1_700_000_000_000L}, 1)
                .snappy());

        assertEquals(204, response.statusCode(), response.body());
        until(() -> samples().size() == 3, WAIT, () -> "stored: " + samples());
        assertTrue(server.sink().batches().stream().filter(b -> !b.metrics().isEmpty()).allMatch(b -> b.lane() == Lane.P2));
        MetricSample first = samples().getFirst();
        assertEquals("temperature_celsius", first.name());
        assertEquals(Map.of("job", "sensors", "room", "lab"), first.labels());
        assertEquals(1_700_000_000_000L, first.timestamp().toEpochMilli());
        assertEquals(21.5, first.value());
        assertEquals(MetricType.GAUGE, first.type());
        assertEquals("Room temperature.", first.help());
        assertEquals(22.0, samples().get(1).value());
        assertEquals(Map.of("job", "sensors", "instance", "h:9100"), samples().get(2).labels());
        assertEquals(MetricType.UNKNOWN, samples().get(2).type());
    }

    @Test
    void outOfOrderAndDuplicateSamplesAre400AndStoreNothingWhileResendsAreIgnored() throws Exception {
        List<String> series = List.of("__name__", "queue_depth", "queue", "a");
        assertEquals(204, write(new WireRequests().series(series, new double[] {5}, new long[] {2_000}).snappy())
                .statusCode());

        List<String> other = List.of("__name__", "queue_depth", "queue", "b");
        HttpResponse<String> outOfOrder = write(new WireRequests()
                .series(other, new double[] {1}, new long[] {9_000})
                .series(series, new double[] {5}, new long[] {1_000}).snappy());
        assertEquals(400, outOfOrder.statusCode());
        assertTrue(outOfOrder.body().contains("out of order"), outOfOrder.body());

        HttpResponse<String> duplicate = write(new WireRequests().series(series, new double[] {6}, new long[] {2_000})
                .snappy());
        assertEquals(400, duplicate.statusCode());
        assertTrue(duplicate.body().contains("duplicate"), duplicate.body());

        assertEquals(204, write(new WireRequests().series(series, new double[] {5, 7}, new long[] {2_000, 3_000})
                .snappy()).statusCode(), "an identical re-send with a new sample");

        until(() -> samples().size() >= 2, WAIT, () -> "stored: " + samples());
        // Lane P2 stores in order; a marker request after the others shows nothing else is on its way.
        assertEquals(204, write(new WireRequests().series(List.of("__name__", "marker"), new double[] {1},
                new long[] {1}).snappy()).statusCode());
        until(() -> samples().stream().anyMatch(s -> s.name().equals("marker")), WAIT, () -> "stored: " + samples());
        assertEquals(List.of(2_000L, 3_000L, 1L), samples().stream().map(s -> s.timestamp().toEpochMilli()).toList(),
                "the refused requests left nothing, the re-sent sample was not stored twice");
    }

    /** Issue #10 item 14: one sample dated in 2554 would top every newest-first view; exact edges: RemoteWriteTimestampTest. */
    @Test
    void aSampleFromTheYear2554RefusesTheRequestWith400AndNothingIsStored() throws Exception {
        List<String> series = List.of("__name__", "queue_depth");
        long now = System.currentTimeMillis();

        HttpResponse<String> refused = write(new WireRequests()
                .series(series, new double[] {1, 2}, new long[] {now, 18_446_744_073_709L}).snappy());

        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("timestamp is more than 10m ahead of the server clock"), refused.body());
        assertEquals(204, write(new WireRequests().series(series, new double[] {3}, new long[] {now + 1}).snappy())
                .statusCode());
        until(() -> !samples().isEmpty(), WAIT, () -> "stored: " + samples());
        assertEquals(List.of(3.0), samples().stream().map(MetricSample::value).toList(), "nothing of the refused request");
    }

    @Test
    void refusalsAnswerAsPrometheusSendersExpect() throws Exception {
        byte[] good = new WireRequests().series(List.of("__name__", "up"), new double[] {1}, new long[] {1}).snappy();

        HttpResponse<String> notSnappy = post(PROTOBUF, "snappy", "definitely not snappy".getBytes());
        assertEquals(400, notSnappy.statusCode());
        assertTrue(notSnappy.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        assertTrue(notSnappy.body().contains("snappy"), notSnappy.body());

        assertEquals(400, write(WireRequests.compress(new byte[] {0x0a, 0x7f, 0x01})).statusCode(), "bad protobuf");
        HttpResponse<String> noName = write(new WireRequests().series(List.of("job", "x"), new double[] {1},
                new long[] {1}).snappy());
        assertEquals(400, noName.statusCode());
        assertTrue(noName.body().contains("__name__"), noName.body());
        assertEquals(400, write(new WireRequests().series(List.of("__name__", "up", "a.b", "x"), new double[] {1},
                new long[] {1}).snappy()).statusCode(), "invalid label name");

        assertEquals(415, post("application/json", "snappy", good).statusCode());
        // Prometheus always sends Content-Encoding: snappy (the remote write 1.0 spec requires it); a body
        // without it is not one a sender meant as snappy, however it decodes.
        HttpResponse<String> noEncoding = post(PROTOBUF, null, good);
        assertEquals(415, noEncoding.statusCode(), noEncoding.body());
        assertTrue(noEncoding.body().contains("Content-Encoding: snappy"), noEncoding.body());
        assertEquals(415, post(PROTOBUF, null, "definitely not snappy".getBytes()).statusCode());
        assertEquals(415, post(PROTOBUF, "gzip", Http.gzip(good)).statusCode());
        assertEquals(415, post("application/x-protobuf;proto=io.prometheus.write.v2.Request", "snappy", good)
                .statusCode(), "remote write 2.0");
        assertEquals(204, post("application/x-protobuf;proto=prometheus.WriteRequest", "snappy", good).statusCode());
        assertEquals(204, post(null, "snappy", good).statusCode(), "no Content-Type, as Prometheus takes it");

        HttpResponse<String> large = write(new byte[MAX_BYTES + 1]);
        assertEquals(413, large.statusCode());
        assertTrue(large.body().contains("limit of " + MAX_BYTES), large.body());
    }


    private List<MetricSample> samples() {
        return server.sink().batches().stream().map(RecordBatch::metrics).flatMap(List::stream).toList();
    }

    private HttpResponse<String> write(byte[] body) throws IOException, InterruptedException {
        return post(PROTOBUF, "snappy", body);
    }

    private HttpResponse<String> post(String contentType, String contentEncoding, byte[] body)
            throws IOException, InterruptedException {
        return contentEncoding == null
                ? server.post(null, "/api/v1/write", contentType, body, "X-Prometheus-Remote-Write-Version", "0.1.0")
                : server.post(null, "/api/v1/write", contentType, body, "X-Prometheus-Remote-Write-Version", "0.1.0",
                        "Content-Encoding", contentEncoding);
    }
}
