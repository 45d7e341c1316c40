package io.fluxtap.storage.bench;

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
import java.util.stream.Stream;

/**
 * Log records made from the loghub samples the way the OTLP receiver would decode what {@code fluxtap loadgen
 * --dataset} sends: service = the loghub system, gear.id = Component (or Process, Node, Program), Content =
 * body, every other column an attribute. The append benchmark writes them so that its rows are the rows the
 * end-to-end run stores (bench/e2e-logs.sh compares the two rates).
 */
final class LoghubRecords {

    /** Where the samples lie; the run scripts set it, the fallbacks cover a run from the repo root or a module. */
    static final String PATH_PROPERTY = "fluxtap.bench.loghub";

    private static final List<String> GEAR_COLUMNS = List.of("Component", "Process", "Node", "Program");

    private LoghubRecords() {
    }

    /**
     * Every row of every system, in system order. Timestamps step by one microsecond from now, as a replay
     * sending them in a burst would give them, so DuckDB sees distinct, rising values as it does in the server.
     */
    static List<LogRecord> load() {
        Path root = root();
        List<LogRecord> records = new ArrayList<>();
        Instant now = Instant.now();
        try (Stream<Path> systems = Files.list(root)) {
            for (Path dir : systems.filter(Files::isDirectory).sorted().toList()) {
                String system = dir.getFileName().toString();
                Path csv = dir.resolve(system + "_2k.log_structured.csv");
                if (Files.isRegularFile(csv)) {
                    for (Map<String, String> row : rows(csv)) {
                        records.add(toRecord(system, row, now.plusNanos(1_000L * records.size())));
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

    private static Path root() {
        String configured = System.getProperty(PATH_PROPERTY);
        List<Path> candidates = configured != null ? List.of(Path.of(configured))
                : List.of(Path.of("../shared/datasets/loghub"), Path.of("../../shared/datasets/loghub"));
        return candidates.stream().filter(Files::isDirectory).findFirst()
                .orElseThrow(() -> new IllegalStateException("loghub samples not found at " + candidates
                        + "; pass -D" + PATH_PROPERTY + "=<path to shared/datasets/loghub>"));
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
