package io.fluxtap.storage.warehouse;

import io.fluxtap.api.wire.WireSpec;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * One hour of one signal (and, for messages, one wire): the unit the warehouse exports, compacts and expires.
 *
 * @param signal the signal
 * @param wireId the wire of a messages partition, null for the others
 * @param hour   hours since the epoch (UTC); the partition holds {@code hour * 3600 s <= ts < (hour + 1) * 3600 s}
 */
public record Partition(WarehouseSignal signal, String wireId, long hour) {

    public static final long MICROS_PER_HOUR = 3_600_000_000L;

    public Partition {
        Objects.requireNonNull(signal, "signal");
        if ((signal == WarehouseSignal.MESSAGES) != (wireId != null)) {
            throw new IllegalArgumentException("a wire id belongs to messages partitions only: " + signal + " " + wireId);
        }
        // The spec format's own check (WireSpec.WIRE_ID): every wire a spec may name has a directory here.
        if (wireId != null && !WireSpec.isWireId(wireId)) {
            throw new IllegalArgumentException("wire id '" + wireId + "' cannot name a warehouse directory");
        }
    }

    public Instant start() {
        return Instant.ofEpochSecond(hour * 3600);
    }

    public Instant end() {
        return Instant.ofEpochSecond((hour + 1) * 3600);
    }

    /**
     * {@code telemetry/<signal>/YYYY/MM/DD/HH} or {@code messages/<wire_id>/YYYY/MM/DD/HH}, relative to the data
     * directory; a namespaced wire id ({@code fluxSpec/visa-v1}) keeps its segment as a directory.
     */
    public String directory() {
        ZonedDateTime utc = start().atZone(ZoneOffset.UTC);
        String base = signal == WarehouseSignal.MESSAGES ? signal.directory() + "/" + wireId : signal.directory();
        return String.format("%s/%04d/%02d/%02d/%02d", base, utc.getYear(), utc.getMonthValue(), utc.getDayOfMonth(),
                utc.getHour());
    }

    /**
     * {@code <signal>_<timestamp>.parquet}, for messages {@code messages_<wid>_<timestamp>.parquet}: the timestamp is
     * the file's creation time in microseconds since the epoch (UTC), unique per partition because the exporter
     * never hands out the same one twice; {@code <wid>} is the wire id with its '/' replaced by '_'.
     */
    public String fileName(long createdMicros) {
        String wid = wireId == null ? "" : wireId.replace('/', '_') + "_";
        return signal.label() + "_" + wid + createdMicros + ".parquet";
    }

    public Path directoryIn(Path dataDir) {
        return dataDir.resolve(directory());
    }
}
