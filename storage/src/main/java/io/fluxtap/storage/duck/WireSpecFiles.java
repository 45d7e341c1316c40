package io.fluxtap.storage.duck;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the wire specs ({@code *.yaml}, {@code *.yml} in {@code fluxtap.wires.dir}) as far as the store needs
 * them: {@code wire} and each {@code promote} item's {@code column} and {@code type}. The messages API in the
 * ingestion module reads and validates the full format; storage cannot see that module, so this reader checks
 * only what it puts into SQL (the wire id, column names and types), and ignores the rest. It belongs with the
 * full reader in a shared place once one exists.
 */
final class WireSpecFiles {

    private static final Pattern WIRE_ID = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)?");
    private static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final YAMLMapper YAML = new YAMLMapper();

    private WireSpecFiles() {
    }

    /** A relative directory is resolved against the installation ({@code fluxtap.home}), else the working directory. */
    static Path resolve(String directory, String home) {
        Path path = Path.of(directory);
        return path.isAbsolute() || home == null || home.isBlank() ? path : Path.of(home).resolve(path);
    }

    /**
     * The wires of the directory in file-name order; none when it does not exist.
     *
     * @throws IllegalStateException naming the file when a spec cannot be read as far as the store needs it
     */
    static List<WireColumns> read(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<WireColumns> wires = new ArrayList<>();
        for (Path file : specFiles(directory)) {
            wires.add(readFile(file));
        }
        return wires;
    }

    private static WireColumns readFile(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (JacksonException e) {
            throw invalid(file, "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the wire spec " + file, e);
        }
        if (root == null || !root.isObject()) {
            throw invalid(file, "not a mapping with a 'wire' key");
        }
        String wireId = root.path("wire").asText("");
        if (!WIRE_ID.matcher(wireId).matches()) {
            throw invalid(file, "wire '" + wireId + "' is not a wire id");
        }
        List<WireColumns.Column> columns = new ArrayList<>();
        for (JsonNode item : root.path("promote")) {
            String name = item.path("column").asText("");
            if (!COLUMN.matcher(name).matches()) {
                throw invalid(file, "column '" + name + "' is not a lowercase SQL identifier");
            }
            String type = item.path("type").asText("");
            try {
                columns.add(new WireColumns.Column(name, WireColumns.Type.valueOf(type.toUpperCase(Locale.ROOT))));
            } catch (IllegalArgumentException e) {
                throw invalid(file, "column '" + name + "' has the unknown type '" + type + "'");
            }
        }
        return new WireColumns(wireId, columns, file);
    }

    private static IllegalStateException invalid(Path file, String problem) {
        return new IllegalStateException("wire spec " + file + ": " + problem);
    }

    private static List<Path> specFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".yaml") || f.getFileName().toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the wire specs in " + directory, e);
        }
    }
}
