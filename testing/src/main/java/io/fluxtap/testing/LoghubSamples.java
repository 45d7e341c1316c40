package io.fluxtap.testing;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The loghub samples in {@code ../shared/datasets/loghub} ({@code <System>/<System>_2k.log_structured.csv}), where
 * they lie and as the log records the OTLP receiver would decode from what {@code fluxtap loadgen --dataset} sends:
 * service = the loghub system, gear.id = Component (or Process, Node, Program), Content = body, every other
 * non-empty column an attribute. Benchmarks use them so that payload sizes (WAL bytes per record, DuckDB row
 * width) are those of real logs rather than of short generated strings.
 *
 * <pre>{@code
 * List<LogRecord> records = LoghubSamples.logRecords(i -> now.plusNanos(1_000L * i));
 * Optional<Path> root = LoghubSamples.find();   // empty where the samples are not present: skip the test
 * }</pre>
 */
public final class LoghubSamples {

    /** Where the samples lie, when not in {@code ../shared} from the module or the repository root. */
    public static final String PATH_PROPERTY = "fluxtap.bench.loghub";

    private static final List<String> GEAR_COLUMNS = List.of("Component", "Process", "Node", "Program");

    private LoghubSamples() {
    }

    /** The samples' root directory, empty where neither the property nor {@code ../shared} nor {@code ../../shared} has it. */
    public static Optional<Path> find() {
        return candidates().stream().filter(Files::isDirectory).map(p -> p.toAbsolutePath().normalize()).findFirst();
    }

    /** The samples' root directory. */
    public static Path root() {
        return find().orElseThrow(() -> new IllegalStateException("loghub samples not found at " + candidates()
                + "; pass -D" + PATH_PROPERTY + "=<path to shared/datasets/loghub>"));
    }

    /**
     * Every row of every system, in system order, as log records.
     *
     * @param timestamp the record's timestamp (and observed time) by its index in the whole list
     */
    public static List<LogRecord> logRecords(IntFunction<Instant> timestamp) {
        Path root = root();
        List<LogRecord> records = new ArrayList<>();
        try (Stream<Path> systems = Files.list(root)) {
            for (Path dir : systems.filter(Files::isDirectory).sorted().toList()) {
                String system = dir.getFileName().toString();
                Path csv = dir.resolve(system + "_2k.log_structured.csv");
                if (Files.isRegularFile(csv)) {
                    for (Map<String, String> row : rows(csv)) {
                        records.add(toRecord(system, row, timestamp.apply(records.size())));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the loghub samples under " + root, e);
        }
        if (records.isEmpty()) {
            throw new IllegalStateException("no loghub *_2k.log_structured.csv under " + root);
        }
        return records;
    }

    private static List<Path> candidates() {
        String configured = System.getProperty(PATH_PROPERTY);
        return configured != null ? List.of(Path.of(configured))
                : List.of(Path.of("../shared/datasets/loghub"), Path.of("../../shared/datasets/loghub"));
    }

    private static List<Map<String, String>> rows(Path csv) throws IOException {
        // Jackson's CSV reader handles the quoted fields with commas that several systems have.
        ObjectReader reader = new CsvMapper().readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader());
        try (MappingIterator<Map<String, String>> it = reader.readValues(csv.toFile())) {
            return it.readAll();
        }
    }

    private static LogRecord toRecord(String system, Map<String, String> row, Instant ts) {
        String gearColumn = GEAR_COLUMNS.stream().filter(row::containsKey).findFirst().orElse(null);
        String gear = gearColumn == null || row.get(gearColumn).isEmpty() ? null : row.get(gearColumn);
        Level level = Level.fromText(row.get("Level")).filter(l -> l != Level.UNSPECIFIED).orElse(Level.INFO);
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (gear != null) {
            attributes.put("gear.id", gear);
        }
        row.forEach((column, value) -> {
            if (!column.equals("Level") && !column.equals("Content") && !column.equals(gearColumn) && !value.isEmpty()) {
                attributes.put(column, value);
            }
        });
        return new LogRecord(ts, ts, null, null, null, null, system, gear, level, level.severityNumber(),
                row.getOrDefault("Content", ""), attributes, Map.of("service.name", system));
    }
}
