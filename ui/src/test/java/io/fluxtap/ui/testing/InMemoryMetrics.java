package io.fluxtap.ui.testing;

import io.fluxtap.api.Labels;
import io.fluxtap.api.PromqlQueries;
import io.fluxtap.api.QueryException;
import io.fluxtap.api.SeriesCatalog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stored samples answering the PromQL and catalogue ports for the page's tests, which cannot reach storage's engine
 * (ui depends on api only). It evaluates plain series selectors ({@code name}, {@code name{l="v", l!="v", l=~"re"}})
 * with Prometheus' 5-minute look-back; any other text is refused as BAD_DATA with a parser-style position, as the
 * real port does for a syntax error.
 */
public final class InMemoryMetrics implements PromqlQueries, SeriesCatalog {

    private static final Duration LOOKBACK = Duration.ofMinutes(5);
    private static final Pattern SELECTOR = Pattern.compile("\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(?:\\{([^{}]*)})?\\s*");
    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!=|=)\\s*\"([^\"]*)\"\\s*");

    private record Stored(Labels labels, TreeMap<Instant, Double> samples) {
    }

    private final Map<Labels, Stored> series = new java.util.LinkedHashMap<>();

    /** Adds one sample; {@code labels} holds {@code __name__}. */
    public synchronized InMemoryMetrics add(Labels labels, Instant at, double value) {
        series.computeIfAbsent(labels, l -> new Stored(l, new TreeMap<>())).samples().put(at, value);
        return this;
    }

    @Override
    public synchronized Vector instant(String expr, Instant at) {
        List<Sample> samples = new ArrayList<>();
        for (Stored s : select(expr)) {
            valueAt(s, at).ifPresent(v -> samples.add(new Sample(s.labels(), at, v)));
        }
        return new Vector(samples);
    }

    @Override
    public synchronized Matrix range(String expr, Instant start, Instant end, Duration step) {
        List<Series> result = new ArrayList<>();
        for (Stored s : select(expr)) {
            List<Point> points = new ArrayList<>();
            // Bounded by the range and the step the port's callers pass.
            for (Instant t = start; !t.isAfter(end); t = t.plus(step)) {
                Instant at = t;
                valueAt(s, at).ifPresent(v -> points.add(new Point(at, v)));
            }
            if (!points.isEmpty()) {
                result.add(new Series(s.labels(), points));
            }
        }
        return new Matrix(result);
    }

    @Override
    public void parse(String expr) {
        matchers(expr);
    }

    @Override
    public synchronized List<String> metricNames() {
        TreeSet<String> names = new TreeSet<>();
        series.keySet().forEach(l -> names.add(l.get("__name__")));
        return List.copyOf(names);
    }

    @Override
    public synchronized List<String> labelNames(String metric) {
        TreeSet<String> names = new TreeSet<>();
        series.keySet().stream().filter(l -> metric.equals(l.get("__name__")))
                .forEach(l -> l.forEach(label -> names.add(label.name())));
        names.remove("__name__");
        return List.copyOf(names);
    }

    @Override
    public synchronized List<String> labelValues(String metric, String label) {
        TreeSet<String> values = new TreeSet<>();
        series.keySet().stream().filter(l -> metric.equals(l.get("__name__")) && l.has(label))
                .forEach(l -> values.add(l.get(label)));
        return List.copyOf(values);
    }

    private List<Stored> select(String expr) {
        List<String[]> matchers = matchers(expr);
        return series.values().stream().filter(s -> matchers.stream().allMatch(m -> matches(s.labels(), m))).toList();
    }

    private static boolean matches(Labels labels, String[] m) {
        String value = labels.has(m[0]) ? labels.get(m[0]) : "";
        return switch (m[1]) {
            case "=" -> value.equals(m[2]);
            case "!=" -> !value.equals(m[2]);
            default -> value.matches(m[2]);
        };
    }

    private static List<String[]> matchers(String expr) {
        Matcher selector = SELECTOR.matcher(expr);
        if (!selector.matches()) {
            // Where Prometheus' parser would stop: at the end for an unclosed brace, else at the first character
            // a selector cannot hold.
            boolean unclosed = expr.chars().filter(c -> c == '{').count() > expr.chars().filter(c -> c == '}').count();
            int at = unclosed ? expr.length() : firstForeign(expr);
            throw new QueryException(QueryException.Kind.BAD_DATA, "1:" + (at + 1) + ": parse error: unexpected "
                    + (at >= expr.length() ? "end of input" : "character '" + expr.charAt(at) + "'"));
        }
        List<String[]> matchers = new ArrayList<>();
        matchers.add(new String[]{"__name__", "=", selector.group(1)});
        if (selector.group(2) != null && !selector.group(2).isBlank()) {
            for (String part : selector.group(2).split(",")) {
                Matcher m = MATCHER.matcher(part);
                if (!m.matches()) {
                    throw new QueryException(QueryException.Kind.BAD_DATA, "1:1: parse error: unexpected matcher " + part.strip());
                }
                matchers.add(new String[]{m.group(1), m.group(2), m.group(3)});
            }
        }
        return matchers;
    }

    private static int firstForeign(String expr) {
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (!Character.isLetterOrDigit(c) && "_:{}=!~\", .*|".indexOf(c) < 0) {
                return i;
            }
        }
        return expr.length();
    }

    private static java.util.Optional<Double> valueAt(Stored s, Instant at) {
        Map.Entry<Instant, Double> latest = s.samples().floorEntry(at);
        if (latest == null || latest.getKey().isBefore(at.minus(LOOKBACK))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(latest.getValue());
    }
}
