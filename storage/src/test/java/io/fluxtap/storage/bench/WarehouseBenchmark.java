package io.fluxtap.storage.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.fluxtap.api.Lane;
import io.fluxtap.api.LogRecord;
import io.fluxtap.testing.LoghubSamples;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.DuckDbRecordSink;
import io.fluxtap.storage.duck.MessageWireViews;
import io.fluxtap.storage.warehouse.Warehouse;
import io.fluxtap.storage.warehouse.WarehouseFile;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The warehouse figures of issue #5 in one run (bench/warehouse.sh): the loghub samples replayed to N log records
 * (default 10 million) spread over simulated closed hours, plus 1 % in the current hour (hot), each record with a
 * synthetic trace id (8 records per trace, so the bloom filter has work). Prints
 * <ul>
 *   <li>bytes per record: warehouse Parquet vs OTLP protobuf and OTLP JSON of the same records (encoded in requests
 *       of 1,000 records grouped by service; measured on the first million / 200,000 records and given per record);</li>
 *   <li>export rows/s: {@link Warehouse#exportClosedHours()} (read from DuckDB over JDBC, parquet-hadoop, fsync,
 *       rename, delete, manifest) vs DuckDB's own {@code COPY ... TO parquet} of the same rows, sorted alike;</li>
 *   <li>query latency (median and min of 5): the seed error-count query over hot and cold as written, a trace by id
 *       read from cold files, and a body-contains search over all records.</li>
 * </ul>
 */
public final class WarehouseBenchmark {

    private static final int BATCH = 4096;
    private static final int RECORDS_PER_TRACE = 8;

    private WarehouseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int hours = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path work = Path.of(System.getProperty("fluxtap.bench.dir", "target/bench")).resolve("warehouse")
                .resolve(String.valueOf(System.currentTimeMillis()));
        Path dataDir = work.resolve("data");
        Files.createDirectories(dataDir);
        // Timestamps step by one microsecond from now, as a replay sending them in a burst would give them, so
        // DuckDB sees distinct, rising values as it does in the server.
        Instant loaded = Instant.now();
        List<LogRecord> samples = LoghubSamples.logRecords(i -> loaded.plusNanos(1_000L * i));
        // The export's clock stays at the run's start, so the hot records stay in "the current hour" however long
        // loading takes.
        Instant runStart = Instant.now();
        Instant currentHour = runStart.truncatedTo(ChronoUnit.HOURS);
        long hot = total / 100;
        long cold = total - hot;
        Instant start = currentHour.minus(hours, ChronoUnit.HOURS);
        long stepNanos = Duration.ofHours(hours).toNanos() / cold;
        System.out.printf("records: %,d (%,d in %d closed hours, %,d in the current hour), from %,d loghub samples%n",
                total, cold, hours, hot, samples.size());

        sizes(samples, start, stepNanos, cold);

        try (DuckDbDatabase db = new DuckDbDatabase(dataDir)) {
            long t0 = System.nanoTime();
            try (RecordSink.Writer writer = new DuckDbRecordSink(db).openWriter(Lane.P2)) {
                List<LogRecord> batch = new ArrayList<>(BATCH);
                for (long i = 0; i < total; i++) {
                    batch.add(replayed(samples, i, i < cold ? start.plusNanos(i * stepNanos)
                            : currentHour.plusNanos((i - cold) * 1000)));
                    if (batch.size() == BATCH || i == total - 1) {
                        writer.write(new RecordBatch(Lane.P2, batch, List.of(), List.of(), RecordBatch.NO_WAL));
                        batch = new ArrayList<>(BATCH);
                    }
                }
            }
            System.out.printf("load into DuckDB: %.1f s%n", seconds(t0));

            db.jdbi().useHandle(h -> h.execute("CREATE TABLE copy_source AS SELECT * FROM active_logs WHERE ts < ?",
                    currentHour.atOffset(ZoneOffset.UTC)));
            Path copyFile = work.resolve("copy.parquet");
            long c0 = System.nanoTime();
            db.jdbi().useHandle(h -> h.execute("COPY (SELECT * FROM copy_source ORDER BY entity_name, ts) TO '"
                    + copyFile + "' (FORMAT parquet, COMPRESSION zstd)"));
            double copySeconds = seconds(c0);
            db.jdbi().useHandle(h -> h.execute("DROP TABLE copy_source"));

            Warehouse warehouse = new Warehouse(db, new MessageWireViews(db, List.of()), 128L << 20, 4, 512L << 20,
                    Clock.fixed(runStart, ZoneOffset.UTC));
            long e0 = System.nanoTime();
            List<WarehouseFile> files = warehouse.exportClosedHours();
            double exportSeconds = seconds(e0);
            long rows = files.stream().mapToLong(WarehouseFile::rows).sum();
            long bytes = files.stream().mapToLong(WarehouseFile::bytes).sum();
            System.out.printf("export (parquet-hadoop): %,d rows in %d files, %.1f s, %,.0f rows/s, %.1f bytes/record%n",
                    rows, files.size(), exportSeconds, rows / exportSeconds, (double) bytes / rows);
            System.out.printf("DuckDB COPY TO parquet:  %,d rows in 1 file, %.1f s, %,.0f rows/s, %.1f bytes/record%n",
                    cold, copySeconds, cold / copySeconds, (double) Files.size(copyFile) / cold);

            String traceId = traceId(cold / 2);
            String seed = "SELECT gear_id, count(*) AS error_count FROM (\n"
                    + "  SELECT gear_id, level, ts FROM active_logs\n"
                    + "  UNION ALL SELECT gear_id, level, ts FROM read_parquet('./data/telemetry/logs/**/*.parquet'))\n"
                    + "WHERE level = 'error' AND ts > NOW() - INTERVAL '4 hours' GROUP BY 1 ORDER BY 2 DESC";
            time(db, work, "seed error count (hot + cold, 4 h)", seed);
            time(db, work, "trace by id (cold, " + RECORDS_PER_TRACE + " records)",
                    "SELECT * FROM logs WHERE trace_id = '" + traceId + "'");
            time(db, work, "body CONTAINS 'error' over all records",
                    "SELECT count(*) FROM logs WHERE contains(body, 'error')");
        }
        System.out.println("work directory: " + work);
    }

    private static LogRecord replayed(List<LogRecord> samples, long i, Instant ts) {
        LogRecord r = samples.get((int) (i % samples.size()));
        return new LogRecord(ts, ts, traceId(i), null, null, null,
                r.entityName(), r.gearId(), r.level(), r.severityNumber(), r.body(), r.attributes(), r.resource());
    }

    /** A spread-out 128-bit id per trace (a multiplicative hash of the record number of its first record). */
    private static String traceId(long i) {
        long trace = i / RECORDS_PER_TRACE;
        return HexFormat.of().toHexDigits(trace * 0x9E3779B97F4A7C15L) + HexFormat.of().toHexDigits(trace + 1);
    }

    private static void sizes(List<LogRecord> samples, Instant start, long stepNanos, long cold) throws Exception {
        long protoRecords = Math.min(cold, 1_000_000);
        long jsonRecords = Math.min(cold, 200_000);
        long protoBytes = 0;
        long jsonBytes = 0;
        JsonFormat.Printer json = JsonFormat.printer().omittingInsignificantWhitespace();
        for (long first = 0; first < protoRecords; first += 1000) {
            List<LogRecord> batch = new ArrayList<>();
            for (long i = first; i < Math.min(first + 1000, protoRecords); i++) {
                batch.add(replayed(samples, i, start.plusNanos(i * stepNanos)));
            }
            ExportLogsServiceRequest request = otlp(batch);
            protoBytes += request.getSerializedSize();
            if (first < jsonRecords) {
                jsonBytes += json.print(request).getBytes(StandardCharsets.UTF_8).length;
            }
        }
        System.out.printf("OTLP protobuf: %.1f bytes/record (first %,d records); OTLP JSON: %.1f bytes/record (first %,d; "
                        + "ids in base64 as protobuf's JSON mapping writes them, OTLP/JSON's hex adds 8 bytes per trace id)%n",
                (double) protoBytes / protoRecords, protoRecords, (double) jsonBytes / jsonRecords, jsonRecords);
    }

    private static ExportLogsServiceRequest otlp(List<LogRecord> records) {
        Map<String, ScopeLogs.Builder> byService = new LinkedHashMap<>();
        for (LogRecord r : records) {
            io.opentelemetry.proto.logs.v1.LogRecord.Builder log = io.opentelemetry.proto.logs.v1.LogRecord.newBuilder()
                    .setTimeUnixNano(nanos(r.timestamp())).setObservedTimeUnixNano(nanos(r.observedTimestamp()))
                    .setSeverityNumberValue(r.severityNumber()).setSeverityText(r.level().label())
                    .setBody(AnyValue.newBuilder().setStringValue(r.body()))
                    .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(r.traceId())));
            r.attributes().forEach((k, v) -> log.addAttributes(KeyValue.newBuilder().setKey(k)
                    .setValue(AnyValue.newBuilder().setStringValue(String.valueOf(v)))));
            byService.computeIfAbsent(r.entityName(), s -> ScopeLogs.newBuilder()).addLogRecords(log);
        }
        ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
        byService.forEach((service, scope) -> request.addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeLogs(scope)));
        return request.build();
    }

    private static void time(DuckDbDatabase db, Path work, String name, String sql) {
        double[] ms = new double[5];
        long[] rows = new long[1];
        for (int run = 0; run < ms.length; run++) {
            long t0 = System.nanoTime();
            db.jdbi().useHandle(h -> {
                h.execute("SET file_search_path = '" + work + "'");
                rows[0] = h.createQuery(sql).map((rs, ctx) -> 1).list().size();
            });
            ms[run] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%-45s median %8.1f ms, min %8.1f ms (%d result rows)%n", name, ms[2], ms[0], rows[0]);
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
