package io.fluxtap.api.scrape;

import java.util.List;

/** The targets being scraped now, from the current scrape configuration. */
public interface ScrapeTargets {

    /** Every active target, by job then endpoint. */
    List<TargetEntry> targets();
}
