package io.fluxtap.ingestion.scrape.exposition;

import java.util.List;

/** A whole scraped page: its samples in page order and what it said about their families. */
public record ParsedPage(List<ScrapedSample> samples, List<MetricFamilyInfo> families) {

    public ParsedPage {
        samples = List.copyOf(samples);
        families = List.copyOf(families);
    }
}
