package io.fluxtap.tools.promqltest;

import io.fluxtap.storage.promql.Evaluation;
import io.fluxtap.storage.promql.QueryResult;
import io.fluxtap.tools.promqltest.TestCommand.Eval;
import io.fluxtap.tools.promqltest.TestCommand.ExpectedAnnotation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** Compares an evaluation with an eval command's expectations; returns null when they agree, else why not. */
final class ResultChecker {

    private ResultChecker() {
    }

    static String check(Eval eval, Evaluation evaluation) {
        String annotations = checkAnnotations("warning", eval.warnings(), eval.noWarn(), evaluation.warnings());
        if (annotations == null) {
            annotations = checkAnnotations("info", eval.infos(), eval.noInfo(), evaluation.infos());
        }
        if (annotations != null) {
            return annotations;
        }
        QueryResult result = evaluation.result();
        if (eval.expectedString() != null) {
            return result instanceof QueryResult.StringValue s && s.value().equals(eval.expectedString()) ? null
                    : "expected string \"" + eval.expectedString() + "\", got " + describe(result);
        }
        if (eval.expectedScalar() != null) {
            return result instanceof QueryResult.Scalar s && equal(eval.expectedScalar(), s.value()) ? null
                    : "expected scalar " + eval.expectedScalar() + ", got " + describe(result);
        }
        if (eval.range() || eval.rangeVector() != null) {
            if (!(result instanceof QueryResult.RangeMatrix m)) {
                return "expected a matrix, got " + describe(result);
            }
            long start = eval.range() ? eval.startMs() : eval.rangeVector().startMs();
            long step = eval.range() ? eval.stepMs() : eval.rangeVector().stepMs();
            return checkMatrix(eval.expectedSeries(), m.series(), start, step);
        }
        if (!(result instanceof QueryResult.InstantVector v)) {
            if (eval.expectedSeries().isEmpty() && result instanceof QueryResult.RangeMatrix m && m.series().isEmpty()) {
                return null;
            }
            return "expected a vector, got " + describe(result);
        }
        return checkVector(eval.expectedSeries(), v.samples(), eval.ordered());
    }

    /**
     * The range-mode check of an instant eval: the range query around {@code timeMs} must be sorted by labels and
     * hold, at {@code timeMs}, what the instant query was expected to answer. Annotations are not compared here.
     */
    static String checkRangeMode(Eval eval, Evaluation evaluation, long timeMs) {
        if (!(evaluation.result() instanceof QueryResult.RangeMatrix m)) {
            return "expected a matrix, got " + describe(evaluation.result());
        }
        List<QueryResult.Sample> atTime = new ArrayList<>(m.series().size());
        for (int i = 0; i < m.series().size(); i++) {
            QueryResult.Series s = m.series().get(i);
            if (i > 0 && compare(m.series().get(i - 1).labels(), s.labels()) > 0) {
                return "matrix not sorted by labels: " + m.series().get(i - 1).labels() + " before " + s.labels();
            }
            for (int j = 0; j < s.timestampsMs().length; j++) {
                if (s.timestampsMs()[j] == timeMs) {
                    atTime.add(new QueryResult.Sample(s.labels(), timeMs, s.values()[j]));
                    break;
                }
            }
        }
        if (eval.expectedScalar() != null) {
            if (atTime.isEmpty()) {
                return "expected scalar " + eval.expectedScalar() + ", got no point at " + timeMs;
            }
            return equal(eval.expectedScalar(), atTime.get(0).value()) ? null
                    : "expected scalar " + eval.expectedScalar() + ", got " + atTime.get(0).value();
        }
        return checkVector(eval.expectedSeries(), atTime, false);
    }

    /** Prometheus' label set order: pair by pair (name, then value); a prefix sorts first. */
    private static int compare(SortedMap<String, String> a, SortedMap<String, String> b) {
        var ia = a.entrySet().iterator();
        var ib = b.entrySet().iterator();
        while (ia.hasNext() && ib.hasNext()) {
            Map.Entry<String, String> ea = ia.next();
            Map.Entry<String, String> eb = ib.next();
            int c = ea.getKey().compareTo(eb.getKey());
            if (c == 0) {
                c = ea.getValue().compareTo(eb.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(ia.hasNext(), ib.hasNext());
    }

    private static String checkAnnotations(String kind, List<ExpectedAnnotation> expected, boolean none,
                                           List<String> got) {
        if (none && !got.isEmpty()) {
            return "expected no " + kind + ", got " + got;
        }
        if (expected.isEmpty()) {
            return null;
        }
        if (got.isEmpty()) {
            return "expected a " + kind + ", got none";
        }
        for (ExpectedAnnotation e : expected) {
            if (got.stream().noneMatch(g -> matches(e, g))) {
                return "expected " + kind + " " + (e.msg() != null ? e.msg() : e.regex()) + ", got " + got;
            }
        }
        for (String g : got) {
            if (expected.stream().noneMatch(e -> matches(e, g))) {
                return "unexpected " + kind + " " + g;
            }
        }
        return null;
    }

    static boolean matches(ExpectedAnnotation e, String got) {
        if (e.msg() != null) {
            return e.msg().equals(got);
        }
        if (e.regex() != null) {
            return PromqlTestRunner.goRegexFinds(e.regex(), got);
        }
        return true;
    }

    private static String checkVector(List<SeriesLine> expected, List<QueryResult.Sample> got, boolean ordered) {
        if (expected.size() != got.size()) {
            return "expected " + expected.size() + " samples, got " + got.size() + ": " + shortList(got);
        }
        Map<SortedMap<String, String>, Integer> index = new HashMap<>();
        for (int i = 0; i < got.size(); i++) {
            index.put(got.get(i).labels(), i);
        }
        for (int i = 0; i < expected.size(); i++) {
            SeriesLine e = expected.get(i);
            Integer at = index.get(e.labels());
            if (at == null) {
                return "missing " + e.labels() + " in " + shortList(got);
            }
            if (ordered && at != i) {
                return "expected " + e.labels() + " at position " + i + ", got it at " + at;
            }
            double want = e.values().isEmpty() || e.values().get(0) == null ? Double.NaN : e.values().get(0);
            if (!equal(want, got.get(at).value())) {
                return e.labels() + ": expected " + want + ", got " + got.get(at).value();
            }
        }
        return null;
    }

    private static String checkMatrix(List<SeriesLine> expected, List<QueryResult.Series> got, long start, long step) {
        if (expected.size() != got.size()) {
            List<SortedMap<String, String>> labels = new ArrayList<>();
            got.forEach(s -> labels.add(s.labels()));
            return "expected " + expected.size() + " series, got " + got.size() + ": " + labels;
        }
        Map<SortedMap<String, String>, QueryResult.Series> index = new HashMap<>();
        for (QueryResult.Series s : got) {
            index.put(s.labels(), s);
        }
        for (SeriesLine e : expected) {
            QueryResult.Series s = index.get(e.labels());
            if (s == null) {
                return "missing series " + e.labels();
            }
            List<Long> wantT = new ArrayList<>();
            List<Double> wantV = new ArrayList<>();
            for (int i = 0; i < e.values().size(); i++) {
                if (e.values().get(i) != null) {
                    wantT.add(start + i * step);
                    wantV.add(e.values().get(i));
                }
            }
            if (wantT.size() != s.timestampsMs().length) {
                return e.labels() + ": expected " + wantT.size() + " points, got " + s.timestampsMs().length + " "
                        + points(s);
            }
            for (int i = 0; i < wantT.size(); i++) {
                if (wantT.get(i) != s.timestampsMs()[i] || !equal(wantV.get(i), s.values()[i])) {
                    return e.labels() + ": expected " + wantV.get(i) + "@" + wantT.get(i) + ", got " + points(s);
                }
            }
        }
        return null;
    }

    private static String points(QueryResult.Series s) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < s.timestampsMs().length && i < 12; i++) {
            sb.append(i > 0 ? " " : "").append(s.values()[i]).append('@').append(s.timestampsMs()[i]);
        }
        return sb.append(s.timestampsMs().length > 12 ? " ...]" : "]").toString();
    }

    private static String shortList(List<QueryResult.Sample> got) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < got.size() && i < 6; i++) {
            sb.append(i > 0 ? ", " : "").append(got.get(i).labels()).append(' ').append(got.get(i).value());
        }
        return sb.append(got.size() > 6 ? ", ...]" : "]").toString();
    }

    private static String describe(QueryResult r) {
        return switch (r) {
            case QueryResult.Scalar s -> "scalar " + s.value();
            case QueryResult.StringValue s -> "string \"" + s.value() + "\"";
            case QueryResult.InstantVector v -> "vector " + shortList(v.samples());
            case QueryResult.RangeMatrix m -> "matrix of " + m.series().size() + " series";
        };
    }

    /** Prometheus' test comparison: relative error below 1e-6; NaN equals NaN, a stale NaN only a stale NaN. */
    static boolean equal(double want, double got) {
        if (Double.isNaN(want) && Double.isNaN(got)) {
            return isStale(want) == isStale(got);
        }
        if (want == got) {
            return true;
        }
        double absSum = Math.abs(want) + Math.abs(got);
        double diff = Math.abs(want - got);
        if (want == 0 || got == 0 || absSum < Double.MIN_NORMAL) {
            return diff < 1e-6 * Double.MIN_NORMAL;
        }
        return diff / Math.min(absSum, Double.MAX_VALUE) < 1e-6;
    }

    private static boolean isStale(double v) {
        return Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(SeriesLine.STALE);
    }
}
