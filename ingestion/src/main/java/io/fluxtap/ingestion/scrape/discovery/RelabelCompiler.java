package io.fluxtap.ingestion.scrape.discovery;

import io.fluxtap.ingestion.scrape.config.ScrapeConfigException;

import java.util.List;
import java.util.Map;

/**
 * Turns a job's {@code relabel_configs} or {@code metric_relabel_configs}, as written, into a step; implemented by
 * the relabel package, which also validates them with Prometheus' messages.
 */
@FunctionalInterface
public interface RelabelCompiler {

    /**
     * @param section where the list came from, for error messages (e.g. {@code relabel_configs})
     * @throws ScrapeConfigException when an entry is invalid
     */
    RelabelStep compile(List<Map<String, Object>> configs, String section) throws ScrapeConfigException;
}
