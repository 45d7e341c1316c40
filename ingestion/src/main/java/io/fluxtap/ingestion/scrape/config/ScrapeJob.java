package io.fluxtap.ingestion.scrape.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code scrape_configs} entry with every default resolved (from {@code global}, then Prometheus' own).
 *
 * @param params               {@code params}: query parameters added to every scrape URL
 * @param relabelConfigs       {@code relabel_configs} as written (YAML maps), turned into relabel rules by the
 *                             relabel package, which also validates them
 * @param metricRelabelConfigs {@code metric_relabel_configs} as written
 * @param sampleLimit          {@code sample_limit}, 0 for none
 * @param labelLimit           {@code label_limit}, 0 for none
 * @param bodySizeLimit        {@code body_size_limit} in bytes, 0 for none
 */
public record ScrapeJob(
        String jobName,
        Duration scrapeInterval,
        Duration scrapeTimeout,
        String metricsPath,
        String scheme,
        Map<String, List<String>> params,
        boolean honorLabels,
        boolean honorTimestamps,
        List<TargetGroup> staticConfigs,
        List<FileSdConfig> fileSdConfigs,
        List<Map<String, Object>> relabelConfigs,
        List<Map<String, Object>> metricRelabelConfigs,
        long sampleLimit,
        long labelLimit,
        long bodySizeLimit,
        HttpClientSettings http) {

    public ScrapeJob {
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(scrapeInterval, "scrapeInterval");
        Objects.requireNonNull(scrapeTimeout, "scrapeTimeout");
        Objects.requireNonNull(metricsPath, "metricsPath");
        Objects.requireNonNull(scheme, "scheme");
        params = Map.copyOf(params);
        staticConfigs = List.copyOf(staticConfigs);
        fileSdConfigs = List.copyOf(fileSdConfigs);
        relabelConfigs = List.copyOf(relabelConfigs);
        metricRelabelConfigs = List.copyOf(metricRelabelConfigs);
        Objects.requireNonNull(http, "http");
    }
}
