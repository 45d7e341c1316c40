package io.fluxtap.tools.loadgen.source;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Lines of the loghub samples ({@code <System>_2k.log_structured.csv}), read from where they lie at run
 * time. Each row becomes a record of service {@code <System>}: Level gives the severity, Component (or,
 * in systems without one, Process, Node or Program) the gear.id, Content the body; every other non-empty
 * column (LineId, Date, Time, EventId, EventTemplate, ...) is kept as an attribute under its column name,
 * so the original time stays visible next to the fresh one.
 */
public final class LoghubDataset implements LogLines {

    private static final Pattern STRUCTURED_CSV = Pattern.compile("(.+?)_[^_]*\\.log_structured\\.csv");
    private static final List<String> GEAR_COLUMNS = List.of("Component", "Process", "Node", "Program");
    private static final String LEVEL = "Level";
    private static final String CONTENT = "Content";

    private final List<LogLine> lines;
    private final String description;
    private int next;

    private LoghubDataset(List<LogLine> lines, String description) {
        this.lines = List.copyOf(lines);
        this.description = description;
    }

    /**
     * Loads a system directory (e.g. {@code loghub/HDFS}), the loghub root (every system directory under it,
     * in name order, one after the other) or a single structured CSV file.
     *
     * @throws IllegalArgumentException when the path holds no structured CSV
     */
    /** Lines already in memory, replayed in the same cycling order as a loaded dataset. */
    static LoghubDataset of(List<LogLine> lines, String description) {
        return new LoghubDataset(lines, description);
    }

    public static LoghubDataset load(Path path) throws IOException {
        List<Path> files = structuredFiles(path);
        if (files.isEmpty()) {
            throw new IllegalArgumentException(path + " holds no loghub *.log_structured.csv file,"
                    + " nor do its subdirectories");
        }
        List<LogLine> lines = new ArrayList<>();
        List<String> systems = new ArrayList<>();
        for (Path file : files) {
            String system = systemOf(file);
            systems.add(system);
            lines.addAll(read(file, system));
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(path + ": the loghub files hold no rows");
        }
        String names = systems.size() <= 3 ? String.join(", ", systems) : systems.size() + " systems";
        return new LoghubDataset(lines, "loghub " + names + " (" + lines.size() + " lines)");
    }

    /** The rows of one structured CSV, in file order. */
    public static List<LogLine> read(Path csv, String system) throws IOException {
        // Jackson's CSV reader handles RFC 4180 quoting ("18:01:47,978", doubled quotes in OpenStack's Content).
        ObjectReader reader = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader());
        List<LogLine> lines = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = reader.readValues(csv.toFile())) {
            while (rows.hasNextValue()) {
                lines.add(toLine(system, rows.nextValue()));
            }
        }
        return lines;
    }

    static LogLine toLine(String system, Map<String, String> row) {
        String gearColumn = GEAR_COLUMNS.stream().filter(row::containsKey).findFirst().orElse(null);
        String levelText = emptyToNull(row.get(LEVEL));
        Map<String, String> attributes = new LinkedHashMap<>();
        row.forEach((column, value) -> {
            if (!column.equals(LEVEL) && !column.equals(CONTENT) && !column.equals(gearColumn)
                    && value != null && !value.isEmpty()) {
                attributes.put(column, value);
            }
        });
        String gear = gearColumn == null ? null : emptyToNull(row.get(gearColumn));
        String body = row.getOrDefault(CONTENT, "");
        return new LogLine(system, gear, LoghubLevels.levelOf(levelText), levelText, body == null ? "" : body,
                attributes, null, null);
    }

    private static List<Path> structuredFiles(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return STRUCTURED_CSV.matcher(path.getFileName().toString()).matches() ? List.of(path) : List.of();
        }
        List<Path> own = filesIn(path);
        if (!own.isEmpty()) {
            return own;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> children = Files.list(path)) {
            for (Path dir : children.filter(Files::isDirectory).sorted().toList()) {
                all.addAll(filesIn(dir));
            }
        }
        return all;
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isRegularFile)
                    .filter(file -> STRUCTURED_CSV.matcher(file.getFileName().toString()).matches())
                    .sorted()
                    .toList();
        }
    }

    private static String systemOf(Path file) {
        Matcher m = STRUCTURED_CSV.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(file + " is not a loghub structured CSV");
        }
        return m.group(1);
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /** Every line, in the order they are replayed. */
    public List<LogLine> lines() {
        return lines;
    }

    @Override
    public LogLine next() {
        LogLine line = lines.get(next);
        next = (next + 1) % lines.size();
        return line;
    }

    @Override
    public int distinct() {
        return lines.size();
    }

    @Override
    public String description() {
        return description;
    }
}
