package io.fluxtap.ingestion.scrape.config;

import io.fluxtap.api.Labels;
import java.util.List;
import java.util.Objects;

/**
 * A group of targets sharing labels, as a {@code static_configs} entry or one entry of a file_sd file gives it.
 *
 * @param targets the {@code host:port} addresses
 * @param labels  the labels every target of the group gets (before relabelling)
 * @param source  where the group came from (the file and index for file_sd, the job and index for static ones), so
 *                a re-read file replaces exactly its own groups
 */
public record TargetGroup(List<String> targets, Labels labels, String source) {

    public TargetGroup {
        targets = List.copyOf(targets);
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(source, "source");
    }
}
