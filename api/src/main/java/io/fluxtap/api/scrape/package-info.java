/**
 * The scraper's targets as the dashboard reads them: the same figures Prometheus' targets page and
 * {@code /api/v1/targets} show, behind a port the ingestion module implements.
 */
package io.fluxtap.api.scrape;
