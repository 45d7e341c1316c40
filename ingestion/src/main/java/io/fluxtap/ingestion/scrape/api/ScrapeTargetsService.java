package io.fluxtap.ingestion.scrape.api;

import io.fluxtap.api.scrape.ScrapeTargets;
import io.fluxtap.api.scrape.TargetEntry;
import io.fluxtap.ingestion.scrape.discovery.Target;
import io.fluxtap.ingestion.scrape.loop.ScrapeLoop;
import io.fluxtap.ingestion.scrape.manager.ScrapeManager;
import io.fluxtap.ingestion.scrape.manager.ScrapePool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The dashboard's view of the scraper: the active targets of {@link TargetsResource}, as api records. */
@ApplicationScoped
public class ScrapeTargetsService implements ScrapeTargets {

    private final ScrapeManager manager;

    @Inject
    public ScrapeTargetsService(ScrapeManager manager) {
        this.manager = manager;
    }

    @Override
    public List<TargetEntry> targets() {
        List<TargetEntry> entries = new ArrayList<>();
        for (ScrapePool pool : manager.pools()) {
            for (ScrapeLoop loop : pool.active()) {
                Target target = loop.target();
                ScrapeLoop.Status status = loop.status();
                entries.add(new TargetEntry(target.job(), target.url().toString(), status.health().text(),
                        target.labels().asMap(), status.lastScrape(), status.lastScrapeDuration(), status.lastError(),
                        target.interval()));
            }
        }
        entries.sort(Comparator.comparing(TargetEntry::job).thenComparing(TargetEntry::url));
        return entries;
    }
}
