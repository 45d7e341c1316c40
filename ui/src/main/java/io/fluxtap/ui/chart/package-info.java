/**
 * The dashboard's one chart component, {@link io.fluxtap.ui.chart.TimeChart}: a time axis, one or more series,
 * lines or (stacked) bars, a unit for the y axis and hover values, a legend whose entries toggle their series, and
 * drag-to-zoom / click-a-bar that fires a {@link io.fluxtap.ui.chart.TimeChart.ZoomEvent} the page turns into a new
 * time range.
 *
 * <p>Why hand-written around a library: Vaadin Charts is commercial, and an npm-backed component ({@code @JsModule})
 * would force the production build off Vaadin's pre-compiled bundle onto Node. So the chart is drawn by uPlot (the
 * library Grafana's time-series panels use), served from the {@code org.webjars.npm:uplot} jar as a static file
 * ({@code /webjars/uplot/<version>/dist/...}, see {@code StaticResources}) and loaded at run time with
 * {@code Page.addJavaScript}; a small script of ours ({@code META-INF/resources/fluxtap/timechart.js}) builds the
 * uPlot options from the JSON the Java side sends with {@code executeJs}.
 *
 * <h2>API</h2>
 * <pre>{@code
 * TimeChart chart = new TimeChart(TimeChart.Kind.STACKED_BARS, ChartUnit.COUNT);
 * chart.setHeight(200);
 * chart.setData(times,                                    // List<Instant>, ascending: the x axis
 *         List.of(new ChartSeries("error", errorCounts, "var(--lumo-error-color)"),   // double[] per series,
 *                 new ChartSeries("info", infoCounts, null)));                        // NaN = gap, null colour = palette
 * chart.setStep(Duration.ofMinutes(1));                  // bar width, and the range a clicked bar zooms to
 * chart.addZoomListener(e -> range.set(e.from(), e.to())); // drag across the plot, or click a bar
 * }</pre>
 * Colours may be CSS variables (resolved in the browser, so they follow the light/dark theme). The rendered element
 * carries {@code data-series} (names, comma-separated) and {@code data-points} for tests; uPlot's legend is light DOM.
 */
package io.fluxtap.ui.chart;
