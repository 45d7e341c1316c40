package io.fluxtap.storage.bench;

import io.fluxtap.api.Lane;
import io.fluxtap.api.LogRecord;
import io.fluxtap.testing.LoghubSamples;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.storage.duck.AttributesJson;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.DuckDbRecordSink;
import io.fluxtap.storage.duck.EpochMicros;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Rows per second into {@code active_logs} of a fresh DuckDB file, one 4096-row batch (the server's
 * fluxtap.ingest.max-batch) per transaction, with the loghub rows the end-to-end run sends:
 * <ul>
 *   <li>{@link #rawAppender}: the DuckDB Appender alone, with every value (JSON columns included) rendered
 *       before the measurement: the most this file, these rows and this batch size allow;</li>
 *   <li>{@link #recordSinkWriter}: the store's own writer as a lane consumer calls it (JSON rendering, the
 *       Appender, the WAL position upsert, BEGIN/COMMIT).</li>
 * </ul>
 * One thread, as one lane has one consumer.
 *
 * <p>{@link #main} runs the two side by side instead of one after the other, as JMH does: on a machine shared
 * with other work the load changes from minute to minute, and their ratio is what bench/e2e-logs.sh reports.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class DuckDbAppendBenchmark {

    static final int BATCH = 4096;
    private static final int DISTINCT_BATCHES = 8;

    private Path dataDir;
    private DuckDbDatabase database;
    private DuckDBConnection connection;
    private RecordSink.Writer writer;
    private final List<List<LogRecord>> batches = new ArrayList<>();
    private final List<List<Row>> rowBatches = new ArrayList<>();
    private long written;

    /** A log record as the Appender takes it, values already converted. */
    private record Row(long ts, long observedTs, String traceId, String spanId, Long fluxId, String machineId,
                       String entityName, String gearId, String level, int severityNumber, String body,
                       String attributes, String resource, String severityText, String scopeName,
                       String scopeVersion, String scopeAttributes, long timeUnixNano, long observedTimeUnixNano) {
        static Row of(LogRecord r) {
            return new Row(EpochMicros.of(r.timestamp()), EpochMicros.of(r.observedTimestamp()), r.traceId(),
                    r.spanId(), r.fluxId(), r.machineId(), r.entityName(), r.gearId(), r.level().label(),
                    r.severityNumber(), r.body(), AttributesJson.write(r.attributes()), AttributesJson.write(r.resource()),
                    r.severityText(), r.scopeName(), r.scopeVersion(), AttributesJson.write(r.scopeAttributes()),
                    r.timeUnixNano(), r.observedTimeUnixNano());
        }
    }

    @Setup
    public void open() throws SQLException {
        // Timestamps step by one microsecond from now, as a replay sending them in a burst would give them, so
        // DuckDB sees distinct, rising values as it does in the server.
        Instant loaded = Instant.now();
        List<LogRecord> loghub = LoghubSamples.logRecords(i -> loaded.plusNanos(1_000L * i));
        for (int b = 0; b < DISTINCT_BATCHES; b++) {
            List<LogRecord> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                batch.add(loghub.get((b * BATCH + i) % loghub.size()));
            }
            batches.add(List.copyOf(batch));
            rowBatches.add(batch.stream().map(Row::of).toList());
        }
        try {
            Path base = Path.of(System.getProperty("fluxtap.bench.dir", "target/bench")).toAbsolutePath();
            Files.createDirectories(base);
            dataDir = Files.createTempDirectory(base, "duckdb-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Opening through DuckDbDatabase gives the server's schema (migrations) and its kind of writer connection.
        database = new DuckDbDatabase(dataDir);
        connection = database.openConnection();
        writer = new DuckDbRecordSink(database).openWriter(Lane.P1);
    }

    @TearDown
    public void close() throws SQLException, IOException {
        long rows;
        try (Statement s = connection.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM active_logs")) {
            rs.next();
            rows = rs.getLong(1);
        }
        long bytes = Files.size(database.file());
        writer.close();
        database.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        // A rate for rows that are not in the table would be no rate at all.
        if (rows != written) {
            throw new IllegalStateException("wrote " + written + " rows but active_logs holds " + rows);
        }
        System.out.printf("%n[duckdb] %d rows in active_logs, file %d bytes (%.1f bytes/row)%n",
                rows, bytes, (double) bytes / Math.max(1, rows));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void rawAppender() throws SQLException {
        List<Row> rows = rowBatches.get((int) (written / BATCH % DISTINCT_BATCHES));
        execute("BEGIN TRANSACTION");
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "active_logs")) {
            for (Row row : rows) {
                appender.beginRow();
                appender.appendEpochMicros(row.ts());
                appender.appendEpochMicros(row.observedTs());
                appender.append(row.traceId());
                appender.append(row.spanId());
                appender.append(row.fluxId());
                appender.append(row.machineId());
                appender.append(row.entityName());
                appender.append(row.gearId());
                appender.append(row.level());
                appender.append(row.severityNumber());
                appender.append(row.body());
                appender.append(row.attributes());
                appender.append(row.resource());
                appender.append(row.severityText());
                appender.append(row.scopeName());
                appender.append(row.scopeVersion());
                appender.append(row.scopeAttributes());
                appender.append(row.timeUnixNano());
                appender.append(row.observedTimeUnixNano());
                appender.endRow();
            }
            appender.flush();
        }
        execute("COMMIT");
        written += rows.size();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void recordSinkWriter() {
        List<LogRecord> logs = batches.get((int) (written / BATCH % DISTINCT_BATCHES));
        // Consecutive WAL positions, as lane P1 hands them over: the writer upserts wal_applied with each batch.
        writer.write(new RecordBatch(Lane.P1, logs, written + logs.size()));
        written += logs.size();
    }

    /**
     * Alternates the two ways of writing, {@code seconds} each, for {@code rounds} rounds after one discarded
     * warm-up round, each on its own fresh file; prints every round and the medians.
     *
     * <pre>java ... io.fluxtap.storage.bench.DuckDbAppendBenchmark [rounds (6) [seconds (5)]]</pre>
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        DuckDbAppendBenchmark raw = new DuckDbAppendBenchmark();
        DuckDbAppendBenchmark sink = new DuckDbAppendBenchmark();
        raw.open();
        sink.open();
        try {
            List<Rate> rawRates = new ArrayList<>();
            List<Rate> sinkRates = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                Rate r = rate(raw::rawAppender, seconds);
                Rate w = rate(sink::recordSinkWriter, seconds);
                String label = round == 0 ? "warm-up" : "round " + round;
                System.out.printf("%-8s raw Appender %9.0f rows/s %6.2f us CPU/row   DuckDbRecordSink writer %9.0f rows/s "
                        + "%6.2f us CPU/row%n", label, r.rowsPerSecond(), r.cpuMicrosPerRow(), w.rowsPerSecond(),
                        w.cpuMicrosPerRow());
                if (round > 0) {
                    rawRates.add(r);
                    sinkRates.add(w);
                }
            }
            System.out.printf("median   raw Appender %9.0f rows/s %6.2f us CPU/row   DuckDbRecordSink writer %9.0f rows/s "
                            + "%6.2f us CPU/row%n",
                    median(rawRates, Rate::rowsPerSecond), median(rawRates, Rate::cpuMicrosPerRow),
                    median(sinkRates, Rate::rowsPerSecond), median(sinkRates, Rate::cpuMicrosPerRow));
            System.out.printf("min-max  raw %.0f-%.0f rows/s, writer %.0f-%.0f rows/s%n",
                    min(rawRates), max(rawRates), min(sinkRates), max(sinkRates));
        } finally {
            raw.close();
            sink.close();
        }
    }

    private interface Batch {
        void write() throws SQLException;
    }

    /**
     * @param cpuMicrosPerRow the whole process's CPU time (DuckDB's own threads included) per row: on a machine
     *                        shared with other work it varies far less than rows per second does
     */
    private record Rate(double rowsPerSecond, double cpuMicrosPerRow) {
    }

    /** Rows per second and CPU per row over whole batches for about {@code seconds}. */
    private static Rate rate(Batch batch, int seconds) throws SQLException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long batches = 0;
        long now;
        do {
            batch.write();
            batches++;
            now = System.nanoTime();
        } while (now - end < 0);
        long rows = batches * BATCH;
        return new Rate(rows * 1e9 / (now - start), (os.getProcessCpuTime() - cpuStart) / 1e3 / rows);
    }

    private static double median(List<Rate> rates, ToDoubleFunction<Rate> value) {
        double[] sorted = rates.stream().mapToDouble(value).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(List<Rate> rates) {
        return rates.stream().mapToDouble(Rate::rowsPerSecond).min().orElse(Double.NaN);
    }

    private static double max(List<Rate> rates) {
        return rates.stream().mapToDouble(Rate::rowsPerSecond).max().orElse(Double.NaN);
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
