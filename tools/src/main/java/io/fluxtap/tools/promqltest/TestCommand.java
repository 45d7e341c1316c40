package io.fluxtap.tools.promqltest;

import java.util.List;

/** One command of a test file, with the line it starts on. */
sealed interface TestCommand {

    int line();

    record Load(int line, long intervalMs, boolean withNhcb, List<SeriesLine> series) implements TestCommand {}

    record Clear(int line) implements TestCommand {}

    /** An expected annotation: {@code msg} exact or {@code regex} found, both null for "any". */
    record ExpectedAnnotation(String msg, String regex) {}

    /**
     * An eval and what it expects. For an instant eval {@code startMs == endMs} and {@code stepMs == 0}.
     * {@code expectedScalar}/{@code expectedString} are set when the result is a scalar/string; otherwise
     * {@code expectedSeries} lists the series (one value per step; null for none at that step).
     */
    record Eval(int line, String expr, boolean range, long startMs, long endMs, long stepMs,
                boolean fail, String failMsg, String failRegex, boolean ordered,
                List<ExpectedAnnotation> warnings, List<ExpectedAnnotation> infos, boolean noWarn, boolean noInfo,
                Double expectedScalar, String expectedString, RangeVector rangeVector,
                List<SeriesLine> expectedSeries, boolean histogramOutput) implements TestCommand {}

    /** {@code expect range vector from A to B step S}: an instant query answering a range vector. */
    record RangeVector(long startMs, long endMs, long stepMs) {}
}
