package io.fluxtap.ingestion.scrape.config;

import java.util.List;
import java.util.Objects;

/** A whole scrape configuration file: its {@code global} section and its jobs, in file order. */
public record ScrapeConfig(GlobalConfig global, List<ScrapeJob> jobs) {

    public static final ScrapeConfig EMPTY = new ScrapeConfig(GlobalConfig.DEFAULT, List.of());

    public ScrapeConfig {
        Objects.requireNonNull(global, "global");
        jobs = List.copyOf(jobs);
    }
}
