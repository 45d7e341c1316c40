package io.fluxtap.ingestion.scrape.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A {@code file_sd_configs} entry.
 *
 * @param files           the file names and globs ({@code *.json}, {@code *.yml}, {@code *.yaml}), relative ones
 *                        against the scrape configuration file's directory as Prometheus resolves them
 * @param refreshInterval how often the files are looked at again (Prometheus' default 5m)
 */
public record FileSdConfig(List<String> files, Duration refreshInterval) {

    public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);

    public FileSdConfig {
        files = List.copyOf(files);
        Objects.requireNonNull(refreshInterval, "refreshInterval");
    }
}
