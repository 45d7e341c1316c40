/**
 * The Metrics page ({@code /metrics}, {@code /metrics/<dashboard>}): a PromQL editor completed from api's
 * {@code SeriesCatalog} ({@link io.fluxtap.ui.metrics.Completion}), its range query drawn by the shared
 * {@code TimeChart} over the page's time range and its instant query as a table, saved panels (title, query, unit) on
 * named dashboards kept in api's {@code StateStore} ({@link io.fluxtap.ui.metrics.DashboardStore}, namespace
 * {@code dashboards}), and the import of a Grafana dashboard's PromQL time-series panels
 * ({@link io.fluxtap.ui.metrics.GrafanaImport}, which lists what it skipped). Panels are moved by dragging one by
 * its header onto another (Vaadin's {@code DragSource}/{@code DropTarget}, no Node) or with its ↑ ↓ buttons, both
 * saved through {@link io.fluxtap.ui.metrics.DashboardStore#save}.
 *
 * <p>The range query's step is the range / 250, at least one second, so a chart has about 250 points whatever the
 * range; Grafana's {@code $__interval}, {@code $__rate_interval} and {@code $__range} are filled in from it when a
 * query runs ({@link io.fluxtap.ui.metrics.QueryVariables}).
 */
package io.fluxtap.ui.metrics;
