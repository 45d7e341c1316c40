package io.fluxtap.ui.chart;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.HasStyle;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.shared.Registration;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A time-series chart drawn by uPlot in the browser (see the package documentation for the API and why).
 * Each {@link #setData} replaces what is shown; the browser keeps the legend's toggles across updates.
 */
@Tag("div")
public class TimeChart extends Component implements HasSize, HasStyle {

    /** Where the uPlot WebJar puts its files under the web root; the version is the pom's. */
    static final String UPLOT_PATH = "webjars/uplot/1.6.30/dist/";
    static final String SCRIPT = "context://" + UPLOT_PATH + "uPlot.iife.min.js";
    static final String STYLESHEET = "context://" + UPLOT_PATH + "uPlot.min.css";
    static final String GLUE = "context://fluxtap/timechart.js";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** How the series are drawn. */
    public enum Kind { LINES, BARS, STACKED_BARS }

    private final Kind kind;
    private final ChartUnit unit;
    private List<Instant> times = List.of();
    private List<ChartSeries> series = List.of();
    private Duration step;
    private int heightPixels = 180;

    public TimeChart(Kind kind, ChartUnit unit) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.unit = Objects.requireNonNull(unit, "unit");
        addClassName("fluxtap-chart");
        getElement().setAttribute("data-kind", kind.name().toLowerCase());
        setWidthFull();
    }

    /** The plot's height in pixels (the width follows the element's). */
    public void setHeightPixels(int pixels) {
        if (pixels < 40) {
            throw new IllegalArgumentException("a chart needs at least 40 px, was " + pixels);
        }
        heightPixels = pixels;
        render();
    }

    /**
     * The width of one bucket: bars are this wide, and a click on a bar zooms to its bucket. Without it the
     * distance between the first two points is used.
     */
    public void setStep(Duration step) {
        this.step = step;
        render();
    }

    /**
     * @param times  the x axis, ascending
     * @param series each with exactly one value per time
     */
    public void setData(List<Instant> times, List<ChartSeries> series) {
        for (ChartSeries s : series) {
            if (s.size() != times.size()) {
                throw new IllegalArgumentException("series " + s.name() + " has " + s.size() + " values for "
                        + times.size() + " times");
            }
        }
        this.times = List.copyOf(times);
        this.series = List.copyOf(series);
        render();
    }

    public List<ChartSeries> series() {
        return series;
    }

    /** Fires when the user drags across the plot or clicks a bar. */
    public Registration addZoomListener(ComponentEventListener<ZoomEvent> listener) {
        return addListener(ZoomEvent.class, listener);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        // Loaded once per page: Vaadin skips a dependency it already sent, and runs the render below only
        // after the scripts have loaded.
        event.getUI().getPage().addStyleSheet(STYLESHEET);
        event.getUI().getPage().addJavaScript(SCRIPT);
        event.getUI().getPage().addJavaScript(GLUE);
        render();
    }

    private void render() {
        if (getUI().isEmpty()) {
            return;
        }
        getElement().executeJs("window.fluxtapChart.render(this, JSON.parse($0))", spec());
    }

    String spec() {
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", kind.name());
        root.put("unit", unit.name());
        root.put("height", heightPixels);
        if (step != null) {
            root.put("step", step.toMillis() / 1000.0);
        }
        ArrayNode x = root.putArray("x");
        for (Instant t : times) {
            x.add(t.toEpochMilli() / 1000.0);
        }
        ArrayNode list = root.putArray("series");
        for (ChartSeries s : series) {
            ObjectNode node = list.addObject();
            node.put("name", s.name());
            if (s.color() != null) {
                node.put("color", s.color());
            }
            ArrayNode values = node.putArray("values");
            for (int i = 0; i < s.size(); i++) {
                double v = s.value(i);
                if (Double.isFinite(v)) {
                    values.add(v);
                } else {
                    values.addNull();
                }
            }
        }
        return JSON.writeValueAsString(root);
    }

    /** A range the user picked on the chart: drag across the plot, or a click on a bar (its bucket). */
    @DomEvent("fluxtap-zoom")
    public static class ZoomEvent extends ComponentEvent<TimeChart> {

        private final Instant from;
        private final Instant to;

        public ZoomEvent(TimeChart source, boolean fromClient,
                         @EventData("event.detail.from") double fromSeconds,
                         @EventData("event.detail.to") double toSeconds) {
            super(source, fromClient);
            this.from = Instant.ofEpochMilli(Math.round(fromSeconds * 1000));
            this.to = Instant.ofEpochMilli(Math.round(toSeconds * 1000));
        }

        public Instant from() {
            return from;
        }

        public Instant to() {
            return to;
        }
    }
}
