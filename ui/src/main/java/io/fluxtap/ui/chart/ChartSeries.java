package io.fluxtap.ui.chart;

import java.util.Arrays;
import java.util.Objects;

/**
 * One line or bar series of a {@link TimeChart}.
 *
 * @param name   the legend entry
 * @param values one value per point of the chart's time axis; {@link Double#NaN} is a gap
 * @param color  a CSS colour (a {@code var(--lumo-...)} follows the theme), or null for the chart's palette
 */
public record ChartSeries(String name, double[] values, String color) {

    public ChartSeries {
        Objects.requireNonNull(name, "name");
        values = values.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    double value(int index) {
        return values[index];
    }

    int size() {
        return values.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChartSeries that && name.equals(that.name) && Arrays.equals(values, that.values)
                && Objects.equals(color, that.color);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(values), color);
    }

    @Override
    public String toString() {
        return "ChartSeries[" + name + ", " + values.length + " values]";
    }
}
