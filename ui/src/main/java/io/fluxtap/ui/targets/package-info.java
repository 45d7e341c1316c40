/**
 * The dashboard's Targets page, as Prometheus' own: every target the scraper has, by job, with its health, labels,
 * last scrape, its duration and the error that made it fail; a line per job with how many are up. It reads through
 * api's {@code ScrapeTargets} port, which the ingestion module's scraper implements.
 */
package io.fluxtap.ui.targets;
