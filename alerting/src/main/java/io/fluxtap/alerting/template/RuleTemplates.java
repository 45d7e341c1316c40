package io.fluxtap.alerting.template;

import io.fluxtap.api.Labels;
import io.fluxtap.api.PromqlQueries;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus' alert field templates: the labels and annotations of alerting rules, expanded as Prometheus'
 * {@code template.Expander} does, with its functions ({@code humanize}, {@code query}, {@code first},
 * {@code reReplaceAll}, ...) and the variables {@code $labels}, {@code $externalLabels}, {@code $externalURL}
 * and {@code $value}.
 *
 * <pre>{@code
 * String summary = RuleTemplates.expand("__alert_HighLatency",
 *         "{{ $labels.job }} at {{ $value | humanize }}s", labels, externalLabels, 1.2345, evalTime,
 *         "http://fluxtap:9090", queries);                     // "api at 1.234s"
 * }</pre>
 *
 * Use {@code "__alert_" + alertName} as the name, as Prometheus does, so error messages read the same. On an
 * error Prometheus puts {@link #errorText} into the label or annotation and logs it; {@link #expandOrError} does
 * that part.
 */
public final class RuleTemplates {

    private RuleTemplates() {
    }

    /** What Prometheus prepends to every alert field template. */
    static final String DEFINITIONS = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}"
            + "{{$externalURL := .ExternalURL}}{{$value := .Value}}";

    /**
     * Expands one label or annotation template.
     *
     * @param name           the template's name in error messages ({@code "__alert_" + alert name})
     * @param labels         the alert's labels ({@code .Labels}, {@code $labels})
     * @param externalLabels the server's external labels ({@code $externalLabels})
     * @param value          the alert's value ({@code $value}, a float64)
     * @param evalTime       the evaluation time: what {@code query} runs at and {@code now} returns
     * @param externalUrl    the external URL ({@code $externalURL}, {@code externalURL}, {@code pathPrefix})
     * @param queries        where {@code query} runs (instant queries); may be null when the rule has none
     * @return the expanded text
     * @throws TemplateException {@code error parsing template NAME: ...} or {@code error executing template
     *                           NAME: ...}, as Prometheus words them
     */
    public static String expand(String name, String text, Labels labels, Labels externalLabels, double value,
                                Instant evalTime, String externalUrl, PromqlQueries queries) {
        return expand(name, text, labels, externalLabels, value, evalTime, externalUrl, queries, List.of());
    }

    /**
     * As {@link #expand(String, String, Labels, Labels, double, Instant, String, PromqlQueries)}, with the rows
     * that made an {@code sql:} rule true for {@code sampleRows N} (up to N of them, each a map from column to
     * value, in the order given).
     */
    public static String expand(String name, String text, Labels labels, Labels externalLabels, double value,
                                Instant evalTime, String externalUrl, PromqlQueries queries,
                                List<Map<String, Object>> sampleRows) {
        return expand(name, text, KV.of(labels), KV.of(externalLabels), value, evalTime, externalUrl, queries,
                sampleRows);
    }

    /** As {@link #expand}, with the labels as string maps (a rule file's labels may be UTF-8 names). */
    static String expand(String name, String text, KV labels, KV externalLabels, double value, Instant evalTime,
                         String externalUrl, PromqlQueries queries, List<Map<String, Object>> sampleRows) {
        Objects.requireNonNull(text, "text");
        Template template;
        try {
            template = parse(name, text, functions(evalTime, externalUrl, queries, sampleRows));
        } catch (TemplateException e) {
            throw new TemplateException("error parsing template " + name + ": " + e.getMessage(), e);
        }
        try {
            return template.execute(name, new AlertData(labels, externalLabels,
                    externalUrl == null ? "" : externalUrl, value));
        } catch (TemplateException e) {
            throw new TemplateException("error executing template " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses without executing, as Prometheus' {@code ParseTest} checks a rule file's templates at load.
     *
     * @throws TemplateException with Go's parse error, e.g. {@code template: __alert_X:1: undefined variable "$label"}
     */
    public static void check(String name, String text) {
        parse(name, text, functions(Instant.EPOCH, "", null, List.of()));
    }

    private static Template parse(String name, String text, Map<String, TemplateFunction> functions) {
        // Prometheus sets no missingkey option for alert templates: a missing key of a non-label map prints
        // "<no value>" (labels are string maps, so a missing label is "").
        return Template.create(functions, Template.MissingKey.DEFAULT, Template.Limits.DEFAULT)
                .parse(name, DEFINITIONS + text);
    }

    /** What Prometheus writes into a label or annotation whose template fails. */
    public static String errorText(TemplateException e) {
        return "<error expanding template: " + e.getMessage() + ">";
    }

    /** {@link #expand}, with {@link #errorText} in place of the text when it fails, as Prometheus does. */
    public static String expandOrError(String name, String text, Labels labels, Labels externalLabels, double value,
                                       Instant evalTime, String externalUrl, PromqlQueries queries,
                                       List<Map<String, Object>> sampleRows) {
        try {
            return expand(name, text, labels, externalLabels, value, evalTime, externalUrl, queries, sampleRows);
        } catch (TemplateException e) {
            return errorText(e);
        }
    }

    /** The data of an alert field template: Prometheus' AlertTemplateData. */
    record AlertData(KV labels, KV externalLabels, String externalURL, double value) implements TemplateObject {
        @Override
        public Object field(String name, List<Object> args) {
            return switch (name) {
                case "Labels" -> labels;
                case "ExternalLabels" -> externalLabels;
                case "ExternalURL" -> externalURL;
                case "Value" -> value;
                default -> NO_FIELD;
            };
        }
    }

    /** One element of a query result: Prometheus' {@code *template.sample}. */
    record Sample(KV labels, double value) implements TemplateObject, GoFmt.GoTyped {
        @Override
        public Object field(String name, List<Object> args) {
            return switch (name) {
                case "Labels" -> labels;
                case "Value" -> value;
                default -> NO_FIELD;
            };
        }

        @Override
        public String goType() {
            return "*template.sample";
        }

        @Override
        public String toString() {
            return "&{" + GoFmt.value(labels) + " " + GoFmt.value(value) + "}";
        }
    }

    /** A query's samples: Prometheus' {@code template.queryResult}. */
    static final class QueryResult extends java.util.AbstractList<Sample> implements GoFmt.GoTyped {
        private final List<Sample> samples;

        QueryResult(List<Sample> samples) {
            this.samples = List.copyOf(samples);
        }

        @Override
        public Sample get(int index) {
            return samples.get(index);
        }

        @Override
        public int size() {
            return samples.size();
        }

        @Override
        public String goType() {
            return "template.queryResult";
        }
    }

    private static final Pattern DURATION = Pattern.compile(
            "^(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?$");

    /** Prometheus' model.ParseDuration, in seconds. */
    static double parseDuration(String s) {
        if (s.equals("0")) {
            return 0;
        }
        Matcher m = DURATION.matcher(s);
        if (s.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("not a valid duration string: " + GoStrings.quote(s));
        }
        long[] unitsMs = {365L * 24 * 3600_000, 7L * 24 * 3600_000, 24L * 3600_000, 3600_000, 60_000, 1000, 1};
        long ms = 0;
        for (int i = 0; i < unitsMs.length; i++) {
            if (m.group(i + 1) != null) {
                ms += Long.parseLong(m.group(i + 1)) * unitsMs[i];
            }
        }
        return ms / 1000.0;
    }

    /**
     * A SQL value as the Go value a template expects: integers as int (Long), other numbers as float64
     * (Double), times as time.Time, strings and booleans as they are, anything else as its text.
     */
    static Object goValue(Object v) {
        return switch (v) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Long l -> l;
            case Integer i -> (long) i;
            case Short sh -> (long) sh;
            case Byte b -> (long) b;
            case java.math.BigInteger b -> b.bitLength() < 64 ? (Object) b.longValue() : b.doubleValue();
            case Number n -> n.doubleValue();
            case Instant i -> GoTime.utc(i);
            case java.sql.Timestamp t -> GoTime.utc(t.toInstant());
            case java.time.OffsetDateTime t -> GoTime.utc(t.toInstant());
            case java.time.ZonedDateTime t -> GoTime.utc(t.toInstant());
            case java.time.LocalDateTime t -> GoTime.utc(t.toInstant(java.time.ZoneOffset.UTC));
            default -> v.toString();
        };
    }

    private static String g4(double v) {
        return GoFmt.sprintf("%.4g", List.of(v));
    }

    static String humanize(Object arg) {
        double v = GoFunctions.toFloat(arg);
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return g4(v);
        }
        String prefix = "";
        if (Math.abs(v) >= 1) {
            for (String p : new String[] {"k", "M", "G", "T", "P", "E", "Z", "Y"}) {
                if (Math.abs(v) < 1000) {
                    break;
                }
                prefix = p;
                v /= 1000;
            }
            return g4(v) + prefix;
        }
        for (String p : new String[] {"m", "u", "n", "p", "f", "a", "z", "y"}) {
            if (Math.abs(v) >= 1) {
                break;
            }
            prefix = p;
            v *= 1000;
        }
        return g4(v) + prefix;
    }

    static String humanize1024(Object arg) {
        double v = GoFunctions.toFloat(arg);
        if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) {
            return g4(v);
        }
        String prefix = "";
        for (String p : new String[] {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"}) {
            if (Math.abs(v) < 1024) {
                break;
            }
            prefix = p;
            v /= 1024;
        }
        return g4(v) + prefix;
    }

    /** Shared with Alertmanager, whose humanizeDuration is Prometheus' own. */
    static String humanizeDuration(Object arg) {
        double v = GoFunctions.toFloat(arg);
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return g4(v);
        }
        if (v == 0) {
            return g4(v) + "s";
        }
        if (Math.abs(v) >= 1) {
            String sign = "";
            if (v < 0) {
                sign = "-";
                v = -v;
            }
            long duration = (long) v;
            long seconds = duration % 60;
            long minutes = duration / 60 % 60;
            long hours = duration / 60 / 60 % 24;
            long days = duration / 60 / 60 / 24;
            if (days != 0) {
                return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
            }
            if (hours != 0) {
                return sign + hours + "h " + minutes + "m " + seconds + "s";
            }
            if (minutes != 0) {
                return sign + minutes + "m " + seconds + "s";
            }
            return sign + g4(v) + "s";
        }
        String prefix = "";
        for (String p : new String[] {"m", "u", "n", "p", "f", "a", "z", "y"}) {
            if (Math.abs(v) >= 1) {
                break;
            }
            prefix = p;
            v *= 1000;
        }
        return g4(v) + prefix + "s";
    }

    static String humanizePercentage(Object arg) {
        return g4(GoFunctions.toFloat(arg) * 100) + "%";
    }

    /** Prometheus' floatToTime: seconds to a UTC time, at millisecond resolution; null for NaN and infinities. */
    static GoTime floatToTime(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return null;
        }
        double nanos = v * 1e9;
        if (nanos > (double) Long.MAX_VALUE || nanos < (double) Long.MIN_VALUE) {
            throw new IllegalArgumentException(GoFmt.value(v)
                    + " cannot be represented as a nanoseconds timestamp since it overflows int64");
        }
        long ms = (long) nanos / 1_000_000L;
        return GoTime.utc(Instant.ofEpochMilli(ms));
    }

    static String humanizeTimestamp(Object arg) {
        double v = GoFunctions.toFloat(arg);
        GoTime t = floatToTime(v);
        return t == null ? g4(v) : t.toString();
    }

    private static Sample sample(Object v) {
        if (v instanceof Sample s) {
            return s;
        }
        throw new IllegalArgumentException("wrong type for value; expected *template.sample; got "
                + GoFmt.typeName(v));
    }

    private static List<Sample> samples(Object v) {
        if (v instanceof QueryResult r) {
            return r;
        }
        throw new IllegalArgumentException("wrong type for value; expected template.queryResult; got "
                + GoFmt.typeName(v));
    }

    private static String str(List<Object> args, int i) {
        return Builtins.string(args.get(i));
    }

    private static List<Object> arity(List<Object> args, int want, String name) {
        return Builtins.arg(args, want, name);
    }

    static Map<String, TemplateFunction> functions(Instant evalTime, String externalUrl, PromqlQueries queries,
                                                   List<Map<String, Object>> sampleRows) {
        Map<String, TemplateFunction> f = new HashMap<>();
        f.put("query", args -> {
            String expr = str(arity(args, 1, "query"), 0);
            if (queries == null) {
                throw new IllegalArgumentException("no query engine to run " + GoStrings.quote(expr));
            }
            List<Sample> out = new ArrayList<>();
            for (PromqlQueries.Sample s : queries.instant(expr, evalTime).samples()) {
                out.add(new Sample(KV.of(s.labels()), s.value()));
            }
            return new QueryResult(out);
        });
        f.put("first", args -> {
            List<Sample> v = samples(arity(args, 1, "first").getFirst());
            if (v.isEmpty()) {
                throw new IllegalArgumentException("first() called on vector with no elements");
            }
            return v.getFirst();
        });
        f.put("label", args -> {
            arity(args, 2, "label");
            String value = sample(args.get(1)).labels().get(str(args, 0));
            return value == null ? "" : value;
        });
        f.put("value", args -> sample(arity(args, 1, "value").getFirst()).value());
        f.put("strvalue", args -> {
            String value = sample(arity(args, 1, "strvalue").getFirst()).labels().get("__value__");
            return value == null ? "" : value;
        });
        f.put("sortByLabel", args -> {
            arity(args, 2, "sortByLabel");
            String label = str(args, 0);
            List<Sample> sorted = new ArrayList<>(samples(args.get(1)));
            sorted.sort(Comparator.comparing(s -> s.labels().getOrDefault(label, ""), Exec::compareBytes));
            return new QueryResult(sorted);
        });
        f.put("args", args -> {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < args.size(); i++) {
                out.put("arg" + i, args.get(i));
            }
            return out;
        });
        f.put("humanize", args -> humanize(arity(args, 1, "humanize").getFirst()));
        f.put("humanize1024", args -> humanize1024(arity(args, 1, "humanize1024").getFirst()));
        f.put("humanizeDuration", args -> humanizeDuration(arity(args, 1, "humanizeDuration").getFirst()));
        f.put("humanizePercentage", args -> humanizePercentage(arity(args, 1, "humanizePercentage").getFirst()));
        f.put("humanizeTimestamp", args -> humanizeTimestamp(arity(args, 1, "humanizeTimestamp").getFirst()));
        f.put("toTime", args -> floatToTime(GoFunctions.toFloat(arity(args, 1, "toTime").getFirst())));
        f.put("toDuration", args -> new GoDuration(
                (long) (GoFunctions.toFloat(arity(args, 1, "toDuration").getFirst()) * 1e9)));
        f.put("parseDuration", args -> parseDuration(str(arity(args, 1, "parseDuration"), 0)));
        f.put("now", args -> {
            arity(args, 0, "now");
            return evalTime.toEpochMilli() / 1000.0;
        });
        String url = externalUrl == null ? "" : externalUrl;
        f.put("externalURL", args -> {
            arity(args, 0, "externalURL");
            return url;
        });
        f.put("pathPrefix", args -> {
            arity(args, 0, "pathPrefix");
            String path = url.isEmpty() ? "" : URI.create(url).getPath();
            return path == null ? "" : path;
        });
        f.put("graphLink", args -> "/graph?g0.expr=" + Builtins.queryEscape(str(arity(args, 1, "graphLink"), 0))
                + "&g0.tab=0");
        f.put("tableLink", args -> "/graph?g0.expr=" + Builtins.queryEscape(str(arity(args, 1, "tableLink"), 0))
                + "&g0.tab=1");
        f.put("urlQueryEscape", args -> Builtins.queryEscape(str(arity(args, 1, "urlQueryEscape"), 0)));
        f.put("reReplaceAll", args -> {
            arity(args, 3, "reReplaceAll");
            return GoFunctions.replaceAll(str(args, 0), str(args, 1), str(args, 2));
        });
        f.put("match", args -> {
            arity(args, 2, "match");
            return GoFunctions.match(str(args, 0), str(args, 1));
        });
        f.put("title", args -> GoFunctions.casesTitle(str(arity(args, 1, "title"), 0), false));
        f.put("toUpper", args -> GoFunctions.upper(str(arity(args, 1, "toUpper"), 0)));
        f.put("toLower", args -> GoFunctions.lower(str(arity(args, 1, "toLower"), 0)));
        f.put("safeHtml", args -> str(arity(args, 1, "safeHtml"), 0));
        f.put("stripPort", args -> {
            String hostPort = str(arity(args, 1, "stripPort"), 0);
            String[] split = GoFunctions.splitHostPort(hostPort);
            return split == null ? hostPort : split[0];
        });
        f.put("stripDomain", args -> {
            String hostPort = str(arity(args, 1, "stripDomain"), 0);
            String[] split = GoFunctions.splitHostPort(hostPort);
            String host = split == null ? hostPort : split[0];
            String port = split == null ? "" : split[1];
            if (GoFunctions.isIp(host)) {
                return hostPort;
            }
            int dot = host.indexOf('.');
            host = dot < 0 ? host : host.substring(0, dot);
            if (!port.isEmpty()) {
                return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
            }
            return host;
        });
        List<Map<String, Object>> rows = new ArrayList<>();
        if (sampleRows != null) {
            for (Map<String, Object> row : sampleRows) {
                Map<String, Object> converted = new LinkedHashMap<>();
                row.forEach((column, v) -> converted.put(column, goValue(v)));
                rows.add(java.util.Collections.unmodifiableMap(converted));
            }
        }
        f.put("sampleRows", args -> {
            Object n = arity(args, 1, "sampleRows").getFirst();
            if (!(n instanceof Long count)) {
                throw new IllegalArgumentException("wrong type for value; expected int; got " + GoFmt.typeName(n));
            }
            return rows.subList(0, (int) Math.max(0, Math.min(count, rows.size())));
        });
        return f;
    }
}
