package io.fluxtap.dist.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * {@code backup.json}, the table of contents of a backup directory: what made it (Fluxtap and schema version), the
 * WAL position per lane the database copy holds, and every file with its size and SHA-256, so a restore can refuse a
 * backup that was damaged or is incomplete before it writes anything.
 *
 * @param format         the layout of the backup directory; a restore refuses a format it does not know
 * @param fluxtapVersion the server's version that wrote it
 * @param schemaVersion  the database copy's newest migration; a newer server upgrades it when it opens the restore
 * @param createdAt      when the database snapshot was taken
 * @param walApplied     per lane, the highest WAL sequence number already stored in the database copy
 * @param files          every file of the backup but this manifest, by '/'-separated path relative to the backup
 */
public record BackupManifest(int format, String fluxtapVersion, int schemaVersion, Instant createdAt,
                             Map<String, Long> walApplied, List<Entry> files) {

    public static final String FILE_NAME = "backup.json";
    public static final int FORMAT = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public BackupManifest {
        Objects.requireNonNull(fluxtapVersion, "fluxtapVersion");
        Objects.requireNonNull(createdAt, "createdAt");
        walApplied = Map.copyOf(walApplied);
        files = List.copyOf(files);
    }

    /** One file of the backup: its path relative to the backup directory ('/'-separated), size and SHA-256 (hex). */
    public record Entry(String path, long bytes, String sha256) {
        public Entry {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(sha256, "sha256");
            if (path.isEmpty() || path.startsWith("/") || Stream.of(path.split("/"))
                    .anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
                throw new IllegalArgumentException("a backup file's path must be relative and plain, not '" + path + "'");
            }
        }

        /** Measures {@code file}, named {@code path} in the backup. */
        static Entry of(String path, Path file) throws IOException {
            return new Entry(path, Files.size(file), BackupManifest.sha256(file));
        }
    }

    /** Every regular file under {@code root} but the manifest itself, measured, in path order. */
    static List<Entry> measure(Path root) throws IOException {
        List<Path> found;
        try (Stream<Path> walk = Files.walk(root)) {
            found = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<Entry> entries = new ArrayList<>();
        for (Path file : found) {
            String path = root.relativize(file).toString().replace('\\', '/');
            if (!path.equals(FILE_NAME)) {
                entries.add(Entry.of(path, file));
            }
        }
        return entries;
    }

    void write(Path directory) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", format);
        root.put("fluxtap_version", fluxtapVersion);
        root.put("schema_version", schemaVersion);
        root.put("created_at", createdAt.toString());
        ObjectNode lanes = root.putObject("wal_applied");
        walApplied.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> lanes.put(e.getKey(), e.getValue()));
        var list = root.putArray("files");
        for (Entry entry : files) {
            list.addObject().put("path", entry.path()).put("bytes", entry.bytes()).put("sha256", entry.sha256());
        }
        Files.writeString(directory.resolve(FILE_NAME), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root)
                + "\n");
    }

    /** Reads {@code directory/backup.json}; an {@link IOException} says what is wrong with it. */
    public static BackupManifest read(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IOException(directory + " is no Fluxtap backup: it has no " + FILE_NAME);
        }
        try {
            JsonNode root = MAPPER.readTree(file.toFile());
            int format = root.path("format").asInt(-1);
            if (format != FORMAT) {
                throw new IOException(file + " has format " + root.path("format") + "; this Fluxtap reads format "
                        + FORMAT);
            }
            Map<String, Long> lanes = new LinkedHashMap<>();
            root.path("wal_applied").fields().forEachRemaining(e -> lanes.put(e.getKey(), e.getValue().asLong()));
            List<Entry> entries = new ArrayList<>();
            for (JsonNode entry : root.path("files")) {
                entries.add(new Entry(entry.path("path").asText(), entry.path("bytes").asLong(-1),
                        entry.path("sha256").asText()));
            }
            return new BackupManifest(format, root.path("fluxtap_version").asText(), root.path("schema_version").asInt(),
                    Instant.parse(root.path("created_at").asText()), lanes, entries);
        } catch (RuntimeException e) {
            throw new IOException(file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Checks every listed file in {@code directory} against its size and checksum.
     *
     * @return one line per problem; empty when the backup is whole
     */
    public List<String> verify(Path directory) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Entry entry : files) {
            Path file = directory.resolve(entry.path());
            if (!Files.isRegularFile(file)) {
                problems.add(entry.path() + ": missing");
            } else if (Files.size(file) != entry.bytes()) {
                problems.add(entry.path() + ": " + Files.size(file) + " bytes, the manifest says " + entry.bytes());
            } else if (!sha256(file).equals(entry.sha256())) {
                problems.add(entry.path() + ": checksum differs from the manifest's");
            }
        }
        return problems;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
