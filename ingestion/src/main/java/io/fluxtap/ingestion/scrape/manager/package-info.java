/**
 * What runs the scrape loops, as Prometheus' {@code scrape.Manager} and {@code scrapePool}: {@link
 * io.fluxtap.ingestion.scrape.manager.ScrapePool} keeps one loop per target of a job (static and file_sd targets,
 * relabelled), starting loops for new targets and stopping (with stale markers) the ones that went;
 * {@link io.fluxtap.ingestion.scrape.manager.ScrapePools} swaps whole configurations, keeping the pools of jobs whose
 * configuration did not change; {@link io.fluxtap.ingestion.scrape.manager.ScrapeManager} is the server's bean that
 * reads {@code fluxtap.scrape.config-file}, reloads it ({@link io.fluxtap.api.Reloadable}) and publishes the
 * samples to lane P2.
 */
package io.fluxtap.ingestion.scrape.manager;
