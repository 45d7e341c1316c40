package io.fluxtap.ingestion.remotewrite;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.xerial.snappy.Snappy;

/** Writes {@code prometheus.WriteRequest} protobuf as Prometheus does, field by field, for the tests. */
final class WireRequests {

    private final List<byte[]> fields = new ArrayList<>();

    /** A series: labels as name/value pairs, then samples as (value, timestamp ms) pairs. */
    WireRequests series(List<String> labelPairs, double[] values, long[] timestamps) {
        return series(labelPairs, values, timestamps, 0);
    }

    WireRequests series(List<String> labelPairs, double[] values, long[] timestamps, int histograms) {
        fields.add(message(1, out -> {
            for (int i = 0; i < labelPairs.size(); i += 2) {
                String name = labelPairs.get(i);
                String value = labelPairs.get(i + 1);
                out.writeByteArray(1, message(out2 -> {
                    out2.writeString(1, name);
                    out2.writeString(2, value);
                }));
            }
            for (int i = 0; i < values.length; i++) {
                double value = values[i];
                long ts = timestamps[i];
                out.writeByteArray(2, message(out2 -> {
                    out2.writeDouble(1, value);
                    out2.writeInt64(2, ts);
                }));
            }
            // An exemplar, which the decoder skips.
            out.writeByteArray(3, message(out2 -> out2.writeDouble(2, 1.5)));
            for (int i = 0; i < histograms; i++) {
                out.writeByteArray(4, message(out2 -> out2.writeUInt64(1, 7)));
            }
        }));
        return this;
    }

    /** MetricMetadata with remote.proto's type number. */
    WireRequests metadata(int type, String family, String help, String unit) {
        fields.add(message(3, out -> {
            out.writeEnum(1, type);
            out.writeString(2, family);
            out.writeString(4, help);
            out.writeString(5, unit);
        }));
        return this;
    }

    byte[] protobuf() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        fields.forEach(all::writeBytes);
        return all.toByteArray();
    }

    byte[] snappy() {
        return compress(protobuf());
    }

    static byte[] compress(byte[] raw) {
        try {
            return Snappy.compress(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Writes {
        void to(CodedOutputStream out) throws IOException;
    }

    /** A field {@code number} holding the embedded message. */
    private static byte[] message(int number, Writes writes) {
        return write(out -> out.writeByteArray(number, message(writes)));
    }

    private static byte[] message(Writes writes) {
        return write(writes);
    }

    private static byte[] write(Writes writes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            writes.to(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
