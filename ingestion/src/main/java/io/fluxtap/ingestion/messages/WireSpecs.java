package io.fluxtap.ingestion.messages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The configured wires: every {@code *.yaml} and {@code *.yml} file in the directory {@code fluxtap.wires.dir}
 * (default {@code conf/wires}; a relative path is resolved against the installation, system property
 * {@code fluxtap.home}, which the launcher sets, else against the working directory). A missing directory
 * means no wires. A spec that cannot be read stops start-up with the file and the problem: a wire silently
 * missing would answer its senders 404 until someone noticed.
 */
@ApplicationScoped
public class WireSpecs {

    private static final Logger LOG = System.getLogger(WireSpecs.class.getName());

    private final Path directory;
    private final Map<String, WireSpec> byId;

    @Inject
    public WireSpecs(@ConfigProperty(name = "fluxtap.wires.dir", defaultValue = "conf/wires") String directory) {
        this(resolve(directory, System.getProperty("fluxtap.home")));
    }

    /** @throws IllegalStateException naming the file and the problem when a spec is broken */
    public WireSpecs(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
        this.byId = load(this.directory);
    }

    /** Reads the specs when the application starts, so a broken one stops start-up. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (byId.isEmpty()) {
            LOG.log(Level.INFO, "no wire specs in {0}: the messages API knows no wires", directory);
        } else {
            LOG.log(Level.INFO, "wires from {0}: {1}", directory, byId.values().stream()
                    .map(w -> w.wireId() + " (" + w.promoted().size() + " promoted)").collect(Collectors.joining(", ")));
        }
    }

    public Optional<WireSpec> find(String wireId) {
        return Optional.ofNullable(byId.get(wireId));
    }

    /** In file-name order. */
    public Collection<WireSpec> all() {
        return byId.values();
    }

    public Path directory() {
        return directory;
    }

    static Path resolve(String directory, String home) {
        Path path = Path.of(directory);
        return path.isAbsolute() || home == null || home.isBlank() ? path : Path.of(home).resolve(path);
    }

    private static Map<String, WireSpec> load(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Map.of();
        }
        Map<String, WireSpec> byId = new LinkedHashMap<>();
        // Ids differing only in letter case would share a warehouse directory on case-insensitive file systems.
        Map<String, WireSpec> byFoldedId = new LinkedHashMap<>();
        for (Path file : specFiles(directory)) {
            WireSpec spec;
            try {
                spec = WireSpecReader.read(file);
            } catch (WireSpecReader.InvalidWireSpec e) {
                throw new IllegalStateException("wire spec " + file + ": " + e.getMessage());
            }
            WireSpec clash = byFoldedId.putIfAbsent(spec.wireId().toLowerCase(Locale.ROOT), spec);
            if (clash != null) {
                throw new IllegalStateException("wire spec " + file + " defines wire '" + spec.wireId()
                        + "', which " + clash.source() + " defines already as '" + clash.wireId() + "'");
            }
            byId.put(spec.wireId(), spec);
        }
        return Collections.unmodifiableMap(byId);
    }

    private static List<Path> specFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> {
                        String name = f.getFileName().toString();
                        return name.endsWith(".yaml") || name.endsWith(".yml");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the wire specs in " + directory, e);
        }
    }
}
