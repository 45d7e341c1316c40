package io.fluxtap.ingestion.wal;

import io.fluxtap.api.BusinessMessage;
import io.fluxtap.api.IngestRecord;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A durable record (log record or business message) as a WAL payload. Hand-written rather than JSON or
 * protobuf because the payload must give back exactly the record that was acknowledged: value types (long vs
 * double, NaN, nested lists and maps), attribute order, nanosecond timestamps and absent fields all survive,
 * in a compact form that costs no schema compilation step. The first byte says what follows (and in which
 * version of its encoding), so the encoding can evolve and old segments stay readable.
 */
public final class RecordCodec {

    /** A log record before the OTLP fields of issue #10 (severity text, scope, the times as sent): read only. */
    private static final byte LOG_RECORD_V1 = 1;
    private static final byte BUSINESS_MESSAGE_V1 = 2;
    /** V1, then severity text, scope name, version and attributes, time_unix_nano and observed_time_unix_nano. */
    private static final byte LOG_RECORD_V2 = 3;

    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte LONG = 2;
    private static final byte DOUBLE = 3;
    private static final byte BOOLEAN = 4;
    private static final byte LIST = 5;
    private static final byte MAP = 6;
    private static final byte INSTANT = 7;

    private RecordCodec() {
    }

    /** @throws IllegalArgumentException for records that never go through a WAL (spans, metric samples) */
    public static byte[] encode(IngestRecord record) {
        return switch (record) {
            case LogRecord log -> encodeLog(log);
            case BusinessMessage message -> encodeMessage(message);
            default -> throw new IllegalArgumentException(record.signal().label() + " records are not written to a WAL");
        };
    }

    private static byte[] encodeMessage(BusinessMessage message) {
        PayloadBuffer bytes = new PayloadBuffer(128 + message.json().length());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(BUSINESS_MESSAGE_V1);
            writeString(out, message.wireId());
            out.writeLong(message.fluxId());
            writeInstant(out, message.timestamp());
            writeMap(out, message.promoted());
            writeString(out, message.json());
            writeString(out, message.traceId());
            writeString(out, message.spanId());
            writeString(out, message.machineId());
            writeString(out, message.entityName());
            writeString(out, message.gearId());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] encodeLog(LogRecord record) {
        PayloadBuffer bytes = new PayloadBuffer(256 + record.body().length());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(LOG_RECORD_V2);
            writeInstant(out, record.timestamp());
            writeInstant(out, record.observedTimestamp());
            writeString(out, record.traceId());
            writeString(out, record.spanId());
            out.writeBoolean(record.fluxId() != null);
            if (record.fluxId() != null) {
                out.writeLong(record.fluxId());
            }
            writeString(out, record.machineId());
            writeString(out, record.entityName());
            writeString(out, record.gearId());
            out.writeByte(record.level().ordinal());
            out.writeInt(record.severityNumber());
            writeString(out, record.body());
            writeMap(out, record.attributes());
            writeMap(out, record.resource());
            writeString(out, record.severityText());
            writeString(out, record.scopeName());
            writeString(out, record.scopeVersion());
            writeMap(out, record.scopeAttributes());
            out.writeLong(record.timeUnixNano());
            out.writeLong(record.observedTimeUnixNano());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a record of a known kind and version */
    public static IngestRecord decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new PayloadReader(payload))) {
            byte kind = in.readByte();
            return switch (kind) {
                case LOG_RECORD_V1 -> decodeLog(in, false);
                case LOG_RECORD_V2 -> decodeLog(in, true);
                case BUSINESS_MESSAGE_V1 -> new BusinessMessage(readString(in), in.readLong(), readInstant(in),
                        readMap(in), readString(in), readString(in), readString(in), readString(in), readString(in),
                        readString(in));
                default -> throw new IllegalArgumentException("unknown record encoding version " + kind);
            };
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a valid encoded record: " + e.getMessage(), e);
        }
    }

    /** @param v2 whether the OTLP fields of {@link #LOG_RECORD_V2} follow; a V1 record gets what its instants say */
    private static LogRecord decodeLog(DataInputStream in, boolean v2) throws IOException {
        Instant timestamp = readInstant(in);
        Instant observed = readInstant(in);
        String traceId = readString(in);
        String spanId = readString(in);
        Long fluxId = in.readBoolean() ? in.readLong() : null;
        String machineId = readString(in);
        String entityName = readString(in);
        String gearId = readString(in);
        Level level = Level.values()[in.readByte()];
        int severityNumber = in.readInt();
        String body = readString(in);
        Map<String, Object> attributes = readMap(in);
        Map<String, Object> resource = readMap(in);
        if (!v2) {
            return new LogRecord(timestamp, observed, traceId, spanId, fluxId, machineId, entityName, gearId,
                    level, severityNumber, body, attributes, resource);
        }
        return new LogRecord(timestamp, observed, traceId, spanId, fluxId, machineId, entityName, gearId,
                level, severityNumber, body, attributes, resource, readString(in), readString(in), readString(in),
                readMap(in), in.readLong(), in.readLong());
    }

    private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static void writeMap(DataOutputStream out, Map<String, ?> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, ?> entry : map.entrySet()) {
            writeString(out, entry.getKey());
            writeValue(out, entry.getValue());
        }
    }

    private static Map<String, Object> readMap(DataInputStream in) throws IOException {
        int size = in.readInt();
        Map<String, Object> map = new LinkedHashMap<>(Math.max(4, size * 2));
        for (int i = 0; i < size; i++) {
            map.put(readString(in), readValue(in));
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private static void writeValue(DataOutputStream out, Object value) throws IOException {
        switch (value) {
            case null -> out.writeByte(NULL);
            case String s -> {
                out.writeByte(STRING);
                writeString(out, s);
            }
            case Long l -> {
                out.writeByte(LONG);
                out.writeLong(l);
            }
            case Double d -> {
                out.writeByte(DOUBLE);
                out.writeDouble(d);
            }
            case Boolean b -> {
                out.writeByte(BOOLEAN);
                out.writeBoolean(b);
            }
            case List<?> list -> {
                out.writeByte(LIST);
                out.writeInt(list.size());
                for (Object item : list) {
                    writeValue(out, item);
                }
            }
            case Map<?, ?> map -> {
                out.writeByte(MAP);
                writeMap(out, (Map<String, ?>) map);
            }
            case Instant instant -> {
                out.writeByte(INSTANT);
                writeInstant(out, instant);
            }
            default -> throw new IllegalArgumentException("attribute value of unsupported type " + value.getClass());
        }
    }

    private static Object readValue(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case STRING -> readString(in);
            case LONG -> in.readLong();
            case DOUBLE -> in.readDouble();
            case BOOLEAN -> in.readBoolean();
            case LIST -> {
                int size = in.readInt();
                List<Object> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    list.add(readValue(in));
                }
                yield list;
            }
            case MAP -> readMap(in);
            case INSTANT -> readInstant(in);
            default -> throw new IOException("unknown value tag " + tag);
        };
    }

    /**
     * A growable byte array without {@link java.io.ByteArrayOutputStream}'s lock: every field goes through a
     * separate write, and on the ingest path (each record of every request) those uncontended locks cost more
     * than the encoding itself.
     */
    private static final class PayloadBuffer extends OutputStream {
        private byte[] buffer;
        private int size;

        PayloadBuffer(int initialCapacity) {
            buffer = new byte[initialCapacity];
        }

        @Override
        public void write(int b) {
            ensureRoom(1);
            buffer[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensureRoom(len);
            System.arraycopy(b, off, buffer, size, len);
            size += len;
        }

        private void ensureRoom(int more) {
            if (buffer.length - size < more) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer, size);
        }
    }

    /** Reads a payload without {@link java.io.ByteArrayInputStream}'s lock (see {@link PayloadBuffer}). */
    private static final class PayloadReader extends InputStream {
        private final byte[] payload;
        private int position;

        PayloadReader(byte[] payload) {
            this.payload = payload;
        }

        @Override
        public int read() {
            return position < payload.length ? payload[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int n = Math.min(len, payload.length - position);
            if (n <= 0) {
                return -1;
            }
            System.arraycopy(payload, position, b, off, n);
            position += n;
            return n;
        }
    }
}
