package io.fluxtap.ui.chart;

/** How a chart prints its y values (axis ticks, hover legend); the browser side knows each by its name. */
public enum ChartUnit {
    /** Plain numbers, shortened (1.2k, 3.4M). */
    NONE,
    /** Whole counts, shortened. */
    COUNT,
    /** Per second (ingest rates, request rates). */
    PER_SECOND,
    /** Durations given in milliseconds, printed as µs/ms/s. */
    MILLISECONDS,
    /** Durations given in seconds. */
    SECONDS,
    /** Fractions 0..1 printed as percent. */
    RATIO,
    /** Bytes, printed in KiB/MiB/GiB. */
    BYTES
}
