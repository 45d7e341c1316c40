package io.fluxtap.ui.metrics;

import io.fluxtap.api.PromqlQueries;
import io.fluxtap.ui.chart.ChartSeries;
import io.fluxtap.ui.chart.TimeChart;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** PromQL range queries drawn into a {@link TimeChart}: the Metrics page's charts and the Overview's own panels. */
public final class RangeCharts {

    private RangeCharts() {
    }

    /** What a chart shows of one range query: its step, the bucket times and one series per result series. */
    public record Drawn(Duration step, List<Instant> times, List<ChartSeries> series) {

        public void into(TimeChart target) {
            target.setStep(step);
            target.setData(times, series);
        }
    }

    /** Runs the range query over the page's range and hands the chart one series per result series. */
    public static void draw(TimeChart target, PromqlQueries promql, String query, Instant from, Instant to) {
        read(promql, query, from, to).into(target);
    }

    /**
     * Runs the range query and lays its result out for a chart, touching no component, so it may run beside the
     * page's other reads.
     */
    public static Drawn read(PromqlQueries promql, String query, Instant from, Instant to) {
        Duration range = Duration.between(from, to);
        Duration step = QueryVariables.step(range);
        PromqlQueries.Matrix matrix = promql.range(QueryVariables.fill(query, step, range), from, to, step);
        long stepMs = step.toMillis();
        int size = Math.toIntExact(range.toMillis() / stepMs) + 1;
        List<Instant> times = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            times.add(from.plusMillis(i * stepMs));
        }
        List<ChartSeries> series = new ArrayList<>();
        for (PromqlQueries.Series s : matrix.series()) {
            double[] values = new double[size];
            Arrays.fill(values, Double.NaN);
            for (PromqlQueries.Point p : s.points()) {
                long index = (p.timestamp().toEpochMilli() - from.toEpochMilli()) / stepMs;
                if (index >= 0 && index < size) {
                    values[(int) index] = p.value();
                }
            }
            series.add(new ChartSeries(s.labels().isEmpty() ? query : SeriesNames.of(s.labels()), values, null));
        }
        return new Drawn(step, times, series);
    }
}
