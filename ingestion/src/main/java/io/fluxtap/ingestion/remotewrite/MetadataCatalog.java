package io.fluxtap.ingestion.remotewrite;

import io.fluxtap.ingestion.remotewrite.WriteRequest.Metadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The metric family metadata senders told us about, remembered because Prometheus sends it in requests of its
 * own (once a minute by default), not with the samples it describes. Bounded: least recently told families go
 * first. Starts empty after a restart, so samples are typed UNKNOWN until the sender's next metadata request.
 */
final class MetadataCatalog {

    private static final List<String> FAMILY_SUFFIXES = List.of("_bucket", "_count", "_sum", "_created", "_total");

    private final Map<String, Metadata> families;

    MetadataCatalog(int maxFamilies) {
        this.families = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Metadata> eldest) {
                return size() > maxFamilies;
            }
        };
    }

    synchronized void remember(List<Metadata> metadata) {
        for (Metadata m : metadata) {
            if (!m.family().isEmpty()) {
                families.put(m.family(), m);
            }
        }
    }

    /**
     * The metadata of the family a series belongs to: its own name, else the name without the suffix that
     * histogram, summary and counter series add to their family's name.
     */
    synchronized Optional<Metadata> find(String metricName) {
        Metadata exact = families.get(metricName);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (String suffix : FAMILY_SUFFIXES) {
            if (metricName.endsWith(suffix)) {
                Metadata family = families.get(metricName.substring(0, metricName.length() - suffix.length()));
                if (family != null) {
                    return Optional.of(family);
                }
            }
        }
        return Optional.empty();
    }
}
