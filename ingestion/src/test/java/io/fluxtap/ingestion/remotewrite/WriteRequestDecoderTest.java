package io.fluxtap.ingestion.remotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.MetricSample;
import io.fluxtap.api.MetricSample.MetricType;
import io.fluxtap.ingestion.remotewrite.WriteRequest.Label;
import io.fluxtap.ingestion.remotewrite.WriteRequest.Sample;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decoding real protobuf (written with CodedOutputStream) in real snappy blocks, and mapping it to samples. */
class WriteRequestDecoderTest {

    private final WriteRequestDecoder decoder = new WriteRequestDecoder(1 << 20);

    @Test
    void decodesSeriesLabelsSamplesAndMetadata() throws Exception {
        byte[] body = new WireRequests()
                .series(List.of("__name__", "http_requests_total", "job", "api", "code", "200"),
                        new double[] {1.0, Double.NaN}, new long[] {1_700_000_000_123L, 1_700_000_001_123L}, 2)
                .metadata(1, "http_requests_total", "Requests served.", "requests")
                .snappy();

        WriteRequest request = decoder.decode(body);

        assertEquals(1, request.timeseries().size());
        WriteRequest.TimeSeries series = request.timeseries().getFirst();
        assertEquals(List.of(new Label("__name__", "http_requests_total"), new Label("job", "api"),
                new Label("code", "200")), series.labels());
        assertEquals(new Sample(1.0, 1_700_000_000_123L), series.samples().get(0));
        assertTrue(Double.isNaN(series.samples().get(1).value()));
        assertEquals(2, series.histograms());
        assertEquals(List.of(new WriteRequest.Metadata(MetricType.COUNTER, "http_requests_total", "Requests served.",
                "requests")), request.metadata());
    }

    @Test
    void mapsSeriesToSamplesTypedByEarlierMetadata() throws Exception {
        SampleMapper mapper = new SampleMapper(new MetadataCatalog(10));
        mapper.map(decoder.decode(new WireRequests().metadata(3, "latency_seconds", "Latency.", "seconds").snappy()));

        SampleMapper.Mapped mapped = mapper.map(decoder.decode(new WireRequests()
                .series(List.of("job", "api", "__name__", "latency_seconds_bucket", "le", "0.5", "empty", ""),
                        new double[] {3}, new long[] {1_000})
                .series(List.of("__name__", "other"), new double[] {4}, new long[] {2_000})
                .snappy()));

        MetricSample bucket = mapped.samples().get(0);
        assertEquals("latency_seconds_bucket", bucket.name());
        assertEquals(Map.of("job", "api", "le", "0.5"), bucket.labels(), "no __name__, no empty-valued label");
        assertEquals(MetricType.HISTOGRAM, bucket.type());
        assertEquals("seconds", bucket.unit());
        assertEquals("Latency.", bucket.help());
        assertEquals("api", bucket.entityName());
        assertEquals(1_000, bucket.timestamp().toEpochMilli());
        assertEquals(3.0, bucket.value());
        assertEquals(MetricType.UNKNOWN, mapped.samples().get(1).type());
    }

    @Test
    void refusesBodiesThatAreNotSnappyOrNotTheProtobuf() {
        RemoteWriteRejected notSnappy = assertThrows(RemoteWriteRejected.class,
                () -> decoder.decode("plain text, not snappy".getBytes()));
        assertEquals(400, notSnappy.status());
        assertTrue(notSnappy.getMessage().contains("snappy"), notSnappy.getMessage());

        byte[] garbage = new byte[] {0x0a, 0x7f, 0x01, 0x02};  // field 1, length 127, two bytes
        RemoteWriteRejected notProtobuf = assertThrows(RemoteWriteRejected.class,
                () -> decoder.decode(WireRequests.compress(garbage)));
        assertEquals(400, notProtobuf.status());
        assertTrue(notProtobuf.getMessage().contains("prometheus.WriteRequest"), notProtobuf.getMessage());

        byte[] wrongWireType = new byte[] {0x08, 0x01};  // field 1 as a varint
        assertEquals(400, assertThrows(RemoteWriteRejected.class,
                () -> decoder.decode(WireRequests.compress(wrongWireType))).status());
    }

    @Test
    void refusesAnUncompressedSizeOverTheLimitBeforeDecompressing() {
        byte[] big = new byte[4096];
        Arrays.fill(big, (byte) 0);
        RemoteWriteRejected rejected = assertThrows(RemoteWriteRejected.class,
                () -> new WriteRequestDecoder(1024).decode(WireRequests.compress(big)));
        assertEquals(413, rejected.status());
    }

    @Test
    void refusesSeriesThatAreNotValidPrometheusSeries() throws Exception {
        SampleMapper mapper = new SampleMapper(new MetadataCatalog(10));
        double[] one = {1};
        long[] at = {1};
        for (List<String> labels : List.of(
                List.of("job", "api"),
                List.of("__name__", ""),
                List.of("__name__", "ok", "bad-name", "x"),
                List.of("__name__", "ok", "job", "a", "job", "b"),
                List.of("__name__", "1starts_with_digit"))) {
            WriteRequest request = decoder.decode(new WireRequests().series(labels, one, at).snappy());
            RemoteWriteRejected rejected = assertThrows(RemoteWriteRejected.class, () -> mapper.map(request),
                    labels.toString());
            assertEquals(400, rejected.status());
        }
    }
}
