package io.fluxtap.tools.promqltest;

import io.fluxtap.storage.promql.Evaluation;
import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.PromqlLimits;
import io.fluxtap.storage.promql.eval.PromqlEvaluator;
import io.fluxtap.storage.promql.parse.Expr;
import io.fluxtap.storage.promql.parse.Parser;
import io.fluxtap.storage.promql.series.LabelMatcher;
import io.fluxtap.storage.promql.series.MemorySeriesSource;
import io.fluxtap.tools.promqltest.TestCommand.Eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Runs Prometheus test files against {@link PromqlEvaluator} over a {@link MemorySeriesSource}. Cases that need what
 * this engine leaves out are counted as skipped, never as passed: native histograms, and Prometheus' experimental
 * features (see {@link #EXPERIMENTAL_FILES} and {@link #EXPERIMENTAL_SYNTAX}).
 */
public final class PromqlTestRunner {

    /** Upstream files about experimental features the engine does not implement, with the reason. */
    public static final Map<String, String> EXPERIMENTAL_FILES = Map.of(
            "native_histograms.test", "native histograms",
            "info.test", "info() function (experimental)",
            "limit.test", "limitk/limit_ratio (experimental)",
            "extended_vectors.test", "anchored/smoothed range selectors (experimental)",
            "fill-modifier.test", "fill() binary-operator modifiers (experimental)",
            "duration_expression.test", "duration arithmetic in ranges and offsets (experimental)",
            "start_timestamps.test", "per-sample start timestamps (experimental)",
            "type_and_unit.test", "__type__/__unit__ labels (experimental feature flag)");

    /** Expressions using experimental functions or syntax the issue leaves out. */
    static final Pattern EXPERIMENTAL_SYNTAX = Pattern.compile(
            "\\b(info|limitk|limit_ratio|double_exponential_smoothing|ts_of_(min|max|last|first)_over_time|min_of|max_of"
                    + "|histogram_quantiles|start_timestamp|step|range)\\s*\\("
                    + "|\\b(anchored|smoothed)\\b|\\bfill(_left|_right)?\\s*\\(|\\[[^\\]:]*[-+*/%^()][^\\]]*\\]"
                    + "|\\boffset\\s*[-+]?\\s*\\(|(?<!@\\s{0,3})\\b(start|end)\\s*\\(\\s*\\)");

    /** Expressions whose value depends on the query's bounds: Prometheus skips their range-mode check. */
    private static final Pattern QUERY_CONTEXT_FUNCTIONS = Pattern.compile("(start|end|range|step)\\(\\)");

    /** Prometheus re-runs an instant query as a range query from t-1m to t+1m at a 1m step. */
    private static final long RANGE_CHECK_STEP_MS = 60_000;

    /** A case that did not pass: {@code id} is file:line. */
    public record CaseFailure(String id, String expr, String reason) {}

    /** Functions that read only native histograms (on float series they return nothing). */
    static final Pattern NATIVE_HISTOGRAM_FUNCTIONS =
            Pattern.compile("\\bhistogram_(count|sum|avg|fraction|stddev|stdvar)\\s*\\(");

    static final String NATIVE_HISTOGRAMS = "native histograms";
    static final String EXPERIMENTAL = "experimental function or syntax";

    /**
     * One file's outcome; {@code skipReasons} counts the skipped cases by why they were skipped, {@code queries} the
     * queries run to check the cases (an instant eval takes several, see {@link AtModifierVariants}).
     */
    public record FileResult(String file, int passed, int failed, int skipped, List<CaseFailure> failures,
                             Map<String, Integer> skipReasons, int queries) {}

    public FileResult run(Path file) {
        String name = file.getFileName().toString();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (EXPERIMENTAL_FILES.containsKey(name)) {
            int evals = (int) lines.stream().map(String::trim).filter(l -> l.toLowerCase().startsWith("eval")).count();
            return new FileResult(name, 0, 0, evals, List.of(), Map.of("whole file: " + EXPERIMENTAL_FILES.get(name), evals),
                    0);
        }
        MemorySeriesSource source = new MemorySeriesSource();
        Cases cases = new Cases(new PromqlEvaluator(source, PromqlLimits.prometheusDefaults()));
        int passed = 0;
        Map<String, Integer> skipped = new TreeMap<>();
        List<CaseFailure> failures = new ArrayList<>();
        for (TestCommand command : TestFileParser.parse(lines)) {
            switch (command) {
                case TestCommand.Clear c -> source.clear();
                case TestCommand.Load load -> load(source, load);
                case Eval eval -> {
                    if (eval.histogramOutput() || NATIVE_HISTOGRAM_FUNCTIONS.matcher(eval.expr()).find()) {
                        skipped.merge(NATIVE_HISTOGRAMS, 1, Integer::sum);
                        continue;
                    }
                    if (EXPERIMENTAL_SYNTAX.matcher(eval.expr()).find()) {
                        skipped.merge(EXPERIMENTAL, 1, Integer::sum);
                        continue;
                    }
                    source.resetHistogramSelected();
                    String reason = cases.runCase(eval);
                    if (source.histogramSelected()) {
                        skipped.merge(NATIVE_HISTOGRAMS, 1, Integer::sum);
                    } else if (reason == null) {
                        passed++;
                    } else {
                        failures.add(new CaseFailure(name + ":" + eval.line(), eval.expr(), reason));
                    }
                }
            }
        }
        int skippedCount = skipped.values().stream().mapToInt(Integer::intValue).sum();
        return new FileResult(name, passed, failures.size(), skippedCount, failures, Map.copyOf(skipped),
                cases.queries);
    }

    /** Runs the cases of one file against one engine, counting the queries the checks take. */
    private static final class Cases {
        private final PromqlEvaluator engine;
        private int queries;

        Cases(PromqlEvaluator engine) {
            this.engine = engine;
        }

        /**
         * Like Prometheus' promqltest, an instant eval passes only if it also holds for every {@code @}-pinned variant
         * and, for each of those, as the middle step of a range query around its time; a failure names the variant.
         */
        String runCase(Eval eval) {
            if (eval.range()) {
                return runQuery(eval, () -> engine.range(eval.expr(), eval.startMs(), eval.endMs(), eval.stepMs()));
            }
            String reason = runInstant(eval, null, eval.startMs(),
                    !QUERY_CONTEXT_FUNCTIONS.matcher(eval.expr()).find());
            if (reason != null) {
                return reason;
            }
            Expr parsed;
            try {
                parsed = Parser.parse(eval.expr());
            } catch (PromqlException e) {
                return null; // an expected parse error, checked above
            }
            for (AtModifierVariants.Variant v : AtModifierVariants.of(parsed, eval.startMs())) {
                reason = runInstant(eval, v.expr(), v.timeMs(), !AtModifierVariants.usesQueryBounds(v.expr()));
                if (reason != null) {
                    return "@-pinned variant at " + v.timeMs() + "ms: " + reason;
                }
            }
            return null;
        }

        /** One instant query ({@code pinned} null for the expression as written) and its range-mode check. */
        private String runInstant(Eval eval, Expr pinned, long timeMs, boolean rangeCheck) {
            Supplier<Evaluation> query = pinned == null ? () -> engine.instant(eval.expr(), timeMs)
                    : () -> engine.instant(pinned, eval.expr(), timeMs);
            String reason = runQuery(eval, query);
            if (reason != null || eval.fail() || !rangeCheck || eval.ordered() || eval.rangeVector() != null
                    || eval.expectedString() != null) {
                return reason;
            }
            Evaluation ranged;
            try {
                queries++;
                long from = timeMs - RANGE_CHECK_STEP_MS;
                long to = timeMs + RANGE_CHECK_STEP_MS;
                ranged = pinned == null ? engine.range(eval.expr(), from, to, RANGE_CHECK_STEP_MS)
                        : engine.range(pinned, eval.expr(), from, to, RANGE_CHECK_STEP_MS);
            } catch (RuntimeException e) {
                return "range mode: error " + e.getMessage();
            }
            reason = ResultChecker.checkRangeMode(eval, ranged, timeMs);
            return reason == null ? null : "range mode: " + reason;
        }

        private String runQuery(Eval eval, Supplier<Evaluation> query) {
            Evaluation evaluation;
            try {
                queries++;
                evaluation = query.get();
            } catch (PromqlException e) {
                if (!eval.fail()) {
                    return "unexpected error: " + e.getMessage();
                }
                if (eval.failMsg() != null && !eval.failMsg().equals(e.getMessage())) {
                    return "expected error \"" + eval.failMsg() + "\", got \"" + e.getMessage() + "\"";
                }
                if (eval.failRegex() != null && !goRegexFinds(eval.failRegex(), e.getMessage())) {
                    return "expected error matching " + eval.failRegex() + ", got \"" + e.getMessage() + "\"";
                }
                return null;
            } catch (RuntimeException e) {
                return "engine failure: " + e;
            }
            if (eval.fail()) {
                return "expected an error, got a result";
            }
            return ResultChecker.check(eval, evaluation);
        }
    }

    /** Expectations in test files are Go regexes, so they are read as RE2. */
    static boolean goRegexFinds(String regex, String text) {
        return com.google.re2j.Pattern.compile(regex).matcher(text).find();
    }

    private static void load(MemorySeriesSource source, TestCommand.Load load) {
        for (SeriesLine s : load.series()) {
            for (int i = 0; i < s.values().size(); i++) {
                Double v = s.values().get(i);
                if (v != null) {
                    source.add(s.labels(), i * load.intervalMs(), v);
                }
            }
            if (s.histogram()) {
                source.markHistogram(s.labels());
            }
            if (load.withNhcb()) {
                markConvertedHistogram(source, s);
            }
        }
    }

    /** load_with_nhcb also stores classic histograms as native ones under the base name. */
    private static void markConvertedHistogram(MemorySeriesSource source, SeriesLine s) {
        String name = s.labels().getOrDefault(LabelMatcher.METRIC_NAME, "");
        for (String suffix : List.of("_bucket", "_count", "_sum")) {
            if (name.endsWith(suffix)) {
                Map<String, String> base = new TreeMap<>(s.labels());
                base.remove("le");
                base.put(LabelMatcher.METRIC_NAME, name.substring(0, name.length() - suffix.length()));
                source.markHistogram(base);
            }
        }
    }
}
