package io.fluxtap.ingestion.scrape.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fluxtap.api.Labels;
import io.fluxtap.ingestion.scrape.config.FileSdConfig;
import io.fluxtap.ingestion.scrape.config.ScrapeConfigException;
import io.fluxtap.ingestion.scrape.config.ScrapeConfigParser;
import io.fluxtap.ingestion.scrape.config.TargetGroup;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One {@code file_sd_configs} entry: the target groups its files hold, re-read when a file's modification time
 * changes or files appear or go. Prometheus watches with inotify and also re-reads every {@code refresh_interval};
 * here the caller polls {@link #refresh()} at that interval, which finds the same changes a little later and needs
 * no watcher thread.
 *
 * <p>A file that cannot be read or parsed keeps the groups it gave last, as Prometheus keeps them, and its reason
 * is kept in {@link #errors()}. Each group gets {@code __meta_filepath}.
 */
public final class FileDiscovery {

    private final FileSdConfig config;
    private final Path baseDir;
    private final ScrapeConfigParser parser = new ScrapeConfigParser();
    private final ObjectMapper json = new ObjectMapper();
    private final YAMLMapper yaml = new YAMLMapper();
    private final Map<Path, FileTime> seen = new TreeMap<>();
    private final Map<Path, List<TargetGroup>> groups = new TreeMap<>();
    private final Map<Path, String> errors = new TreeMap<>();

    /** @param baseDir the scrape configuration file's directory, which relative names are resolved against */
    public FileDiscovery(FileSdConfig config, Path baseDir) {
        this.config = config;
        this.baseDir = baseDir;
    }

    /** Looks at the files again; true when the groups changed. */
    public synchronized boolean refresh() {
        Map<Path, FileTime> now = new TreeMap<>();
        for (String pattern : config.files()) {
            Path glob = baseDir.resolve(pattern).normalize();
            Path dir = glob.getParent();
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob.getFileName());
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> matcher.matches(p.getFileName()))) {
                for (Path file : files) {
                    now.put(file, Files.getLastModifiedTime(file));
                }
            } catch (IOException e) {
                errors.put(dir, "reading " + dir + ": " + e.getMessage());
            }
        }
        if (now.equals(seen)) {
            return false;
        }
        groups.keySet().retainAll(now.keySet());
        errors.keySet().retainAll(now.keySet());
        for (Map.Entry<Path, FileTime> file : now.entrySet()) {
            if (!file.getValue().equals(seen.get(file.getKey()))) {
                read(file.getKey());
            }
        }
        seen.clear();
        seen.putAll(now);
        return true;
    }

    private void read(Path file) {
        try {
            String name = file.getFileName().toString();
            JsonNode root = (name.endsWith(".json") ? json : yaml).readTree(Files.readString(file));
            List<TargetGroup> read = new ArrayList<>();
            if (root != null && !root.isNull() && !root.isMissingNode()) {
                if (!root.isArray()) {
                    throw new ScrapeConfigException("the file must be a list of target groups");
                }
                int index = 0;
                for (JsonNode node : root) {
                    TargetGroup group = parser.targetGroup(node, file + ":" + index++);
                    Map<String, String> labels = new LinkedHashMap<>(group.labels().asMap());
                    labels.put("__meta_filepath", file.toString());
                    read.add(new TargetGroup(group.targets(), Labels.of(labels), group.source()));
                }
            }
            groups.put(file, List.copyOf(read));
            errors.remove(file);
        } catch (IOException | ScrapeConfigException e) {
            errors.put(file, "file_sd " + file + ": " + e.getMessage());
        }
    }

    /** Every group of every file, files in name order. */
    public synchronized List<TargetGroup> groups() {
        return groups.values().stream().flatMap(List::stream).toList();
    }

    /** Why files could not be used, by file. */
    public synchronized List<String> errors() {
        return List.copyOf(errors.values());
    }
}
