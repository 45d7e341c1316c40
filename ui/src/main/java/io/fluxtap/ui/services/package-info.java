/**
 * The Services page (APM): one row per service seen in spans with its RED figures over the page's range (request
 * rate, error rate, p50/p95/p99 latency) and a sparkline, and a service page ({@code /services/<name>}) with those
 * figures as charts over time, its top operations, its recent errors and its logs. A "request" is a span that
 * entered the service: kind {@code server} or {@code consumer}, or a root span. SQL over the {@code spans} and
 * {@code logs} views through {@code SqlQueries} ({@link io.fluxtap.ui.services.RedSql}); no api port has RED figures.
 * Sparklines are inline SVG: a uPlot instance per grid row would cost far more than a polyline.
 */
package io.fluxtap.ui.services;
