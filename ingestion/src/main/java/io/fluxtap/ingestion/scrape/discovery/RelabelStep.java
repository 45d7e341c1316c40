package io.fluxtap.ingestion.scrape.discovery;

import io.fluxtap.api.Labels;

/**
 * A job's {@code relabel_configs} applied to a target's labels: the new labels, or null when the target is dropped.
 * May throw {@link IllegalArgumentException} when the result holds an invalid label name.
 */
@FunctionalInterface
public interface RelabelStep {

    RelabelStep NONE = labels -> labels;

    Labels apply(Labels labels);
}
