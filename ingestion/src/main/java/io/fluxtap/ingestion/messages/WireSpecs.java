package io.fluxtap.ingestion.messages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.fluxtap.api.wire.WireSpec;
import io.fluxtap.api.wire.WireSpecReader;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The wires the messages API knows: every spec in the directory {@code fluxtap.wires.dir} (default
 * {@code conf/wires}), read by {@link WireSpecReader}, which the store reads the same directory with. A missing
 * directory means no wires. A spec that cannot be read stops start-up with the file and the problem: a wire
 * silently missing would answer its senders 404 until someone noticed.
 */
@ApplicationScoped
public class WireSpecs {

    private static final Logger LOG = System.getLogger(WireSpecs.class.getName());

    private final Path directory;
    private final Map<String, WireSpec> byId;

    @Inject
    public WireSpecs(@ConfigProperty(name = "fluxtap.wires.dir", defaultValue = "conf/wires") String directory) {
        this(WireSpecReader.resolve(directory, System.getProperty("fluxtap.home")));
    }

    /** @throws io.fluxtap.api.wire.InvalidWireSpecException naming the file and the problem when a spec is broken */
    public WireSpecs(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
        Map<String, WireSpec> specs = new LinkedHashMap<>();
        for (WireSpec spec : WireSpecReader.readDirectory(this.directory)) {
            specs.put(spec.wireId(), spec);
        }
        this.byId = Collections.unmodifiableMap(specs);
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
}
