package io.fluxtap.ingestion.remotewrite;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.fluxtap.api.MetricSample.MetricType;
import io.fluxtap.ingestion.remotewrite.WriteRequest.Label;
import io.fluxtap.ingestion.remotewrite.WriteRequest.Metadata;
import io.fluxtap.ingestion.remotewrite.WriteRequest.Sample;
import io.fluxtap.ingestion.remotewrite.WriteRequest.TimeSeries;
import io.fluxtap.ingestion.budget.InflightBytes;
import io.fluxtap.ingestion.budget.OverBudget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.xerial.snappy.Snappy;

/**
 * Reads a remote_write body: a snappy block (not the framed stream format) holding a {@code prometheus.WriteRequest}.
 *
 * <p>The protobuf is read by hand with {@link CodedInputStream} because no published Java classes exist for
 * Prometheus' {@code remote.proto}/{@code types.proto}, and generating them would bring gogoproto's option
 * files into the build for a schema of five small messages:
 * <pre>
 * WriteRequest   { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
 * TimeSeries     { repeated Label labels = 1; repeated Sample samples = 2; repeated Exemplar exemplars = 3;
 *                  repeated Histogram histograms = 4; }
 * Label          { string name = 1; string value = 2; }
 * Sample         { double value = 1; int64 timestamp = 2; }   // milliseconds
 * MetricMetadata { MetricType type = 1; string metric_family_name = 2; string help = 4; string unit = 5; }
 * </pre>
 * Unknown fields are skipped, as protobuf readers do. Exemplars are skipped: the 1.0 protocol sends them
 * apart from the sample they belong to, and Fluxtap has no exemplar-only record yet. Native histograms are
 * skipped and counted (see {@link TimeSeries#histograms()}).
 */
final class WriteRequestDecoder {

    private final long maxDecodedBytes;

    /** @param maxDecodedBytes the largest uncompressed message accepted, so a small body cannot expand without bound */
    WriteRequestDecoder(long maxDecodedBytes) {
        this.maxDecodedBytes = maxDecodedBytes;
    }

    WriteRequest decode(byte[] snappyBody) throws RemoteWriteRejected {
        return decode(snappyBody, null);
    }

    /** @param lease takes the uncompressed size before it is allocated; null for none */
    WriteRequest decode(byte[] snappyBody, InflightBytes.Lease lease) throws RemoteWriteRejected {
        byte[] raw;
        try {
            // The block's header states its uncompressed size: check it before allocating anything.
            int length = Snappy.uncompressedLength(snappyBody);
            if (length < 0 || length > maxDecodedBytes) {
                throw RemoteWriteRejected.tooLarge("uncompressed request of " + Integer.toUnsignedString(length)
                        + " bytes is over the limit of " + maxDecodedBytes + " bytes");
            }
            if (lease != null && !lease.grow(length)) {
                throw RemoteWriteRejected.overBudget(new OverBudget(lease.maxBytes()).getMessage());
            }
            raw = Snappy.uncompress(snappyBody);
        } catch (IOException e) {
            throw RemoteWriteRejected.badRequest("body is not snappy block data: " + e.getMessage());
        }
        try {
            return writeRequest(CodedInputStream.newInstance(raw));
        } catch (IOException e) {
            throw RemoteWriteRejected.badRequest("body is not a protobuf prometheus.WriteRequest: " + e.getMessage());
        }
    }

    private static WriteRequest writeRequest(CodedInputStream in) throws IOException {
        List<TimeSeries> series = new ArrayList<>();
        List<Metadata> metadata = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (field(tag)) {
                case 1 -> series.add(embedded(in, tag, WriteRequestDecoder::timeSeries));
                case 3 -> metadata.add(embedded(in, tag, WriteRequestDecoder::metadata));
                default -> in.skipField(tag);
            }
        }
        return new WriteRequest(series, metadata);
    }

    private static TimeSeries timeSeries(CodedInputStream in) throws IOException {
        List<Label> labels = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        int histograms = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (field(tag)) {
                case 1 -> labels.add(embedded(in, tag, WriteRequestDecoder::label));
                case 2 -> samples.add(embedded(in, tag, WriteRequestDecoder::sample));
                case 4 -> {
                    histograms++;
                    in.skipField(tag);
                }
                default -> in.skipField(tag);
            }
        }
        return new TimeSeries(labels, samples, histograms);
    }

    private static Label label(CodedInputStream in) throws IOException {
        String name = "";
        String value = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (field(tag)) {
                case 1 -> name = string(in, tag);
                case 2 -> value = string(in, tag);
                default -> in.skipField(tag);
            }
        }
        return new Label(name, value);
    }

    private static Sample sample(CodedInputStream in) throws IOException {
        double value = 0;
        long timestamp = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (field(tag)) {
                case 1 -> {
                    expect(tag, WireFormat.WIRETYPE_FIXED64);
                    value = in.readDouble();
                }
                case 2 -> {
                    expect(tag, WireFormat.WIRETYPE_VARINT);
                    timestamp = in.readInt64();
                }
                default -> in.skipField(tag);
            }
        }
        return new Sample(value, timestamp);
    }

    private static Metadata metadata(CodedInputStream in) throws IOException {
        MetricType type = MetricType.UNKNOWN;
        String family = "";
        String help = null;
        String unit = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (field(tag)) {
                case 1 -> {
                    expect(tag, WireFormat.WIRETYPE_VARINT);
                    type = type(in.readEnum());
                }
                case 2 -> family = string(in, tag);
                case 4 -> help = string(in, tag);
                case 5 -> unit = string(in, tag);
                default -> in.skipField(tag);
            }
        }
        return new Metadata(type, family, help == null || help.isEmpty() ? null : help,
                unit == null || unit.isEmpty() ? null : unit);
    }

    /** remote.proto's MetricMetadata.MetricType numbers. */
    private static MetricType type(int number) {
        return switch (number) {
            case 1 -> MetricType.COUNTER;
            case 2 -> MetricType.GAUGE;
            case 3, 4 -> MetricType.HISTOGRAM; // HISTOGRAM, GAUGEHISTOGRAM
            case 5 -> MetricType.SUMMARY;
            default -> MetricType.UNKNOWN;  // UNKNOWN, INFO, STATESET
        };
    }

    private interface MessageReader<T> {
        T read(CodedInputStream in) throws IOException;
    }

    private static <T> T embedded(CodedInputStream in, int tag, MessageReader<T> reader) throws IOException {
        expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        int limit = in.pushLimit(in.readRawVarint32());
        T message = reader.read(in);
        in.checkLastTagWas(0);
        in.popLimit(limit);
        return message;
    }

    /** proto3 strings must be UTF-8; a label that is not is a malformed request. */
    private static String string(CodedInputStream in, int tag) throws IOException {
        expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        return in.readStringRequireUtf8();
    }

    private static int field(int tag) {
        return WireFormat.getTagFieldNumber(tag);
    }

    private static void expect(int tag, int wireType) throws IOException {
        if (WireFormat.getTagWireType(tag) != wireType) {
            throw new IOException("field " + field(tag) + " has wire type " + WireFormat.getTagWireType(tag)
                    + ", expected " + wireType);
        }
    }
}
