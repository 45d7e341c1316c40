package io.fluxtap.tools.rules;

import io.fluxtap.alerting.rules.AlertInstance;
import io.fluxtap.alerting.rules.AlertState;
import io.fluxtap.alerting.rules.AlertingRule;
import io.fluxtap.alerting.rules.InMemoryAlertStateStore;
import io.fluxtap.alerting.rules.NameValidation;
import io.fluxtap.alerting.rules.PromqlRuleQuery;
import io.fluxtap.alerting.rules.RecordingRule;
import io.fluxtap.alerting.rules.Rule;
import io.fluxtap.alerting.rules.RuleFileParser;
import io.fluxtap.alerting.rules.RuleFiles;
import io.fluxtap.alerting.rules.RuleGroup;
import io.fluxtap.alerting.rules.RuleGroupSpec;
import io.fluxtap.alerting.rules.RuleHealth;
import io.fluxtap.alerting.rules.RuleQuery;
import io.fluxtap.alerting.rules.RuleSettings;
import io.fluxtap.alerting.rules.RuleSpec;
import io.fluxtap.alerting.rules.RuleTemplates;
import io.fluxtap.alerting.rules.SqlRuleQuery;
import io.fluxtap.api.QueryException;
import io.fluxtap.api.SqlQueries;
import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.QueryResult;
import io.fluxtap.storage.promql.parse.Expr;
import io.fluxtap.storage.promql.parse.Parser;
import io.fluxtap.storage.promql.series.LabelMatcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What {@code promtool test rules} does for one unit-test file (cmd/promtool/unittest.go): per test group, the input
 * series in an in-memory store, the rule files' groups built as the server builds them (alerting's
 * {@link AlertingRule}, {@link RecordingRule}, {@link RuleGroup}) and evaluated in virtual time at every
 * {@code evaluation_interval} from the start to the largest {@code eval_time}, their output written back into the
 * store; firing alerts compared after the evaluation at or before each {@code alert_rule_test}'s time, then every
 * {@code promql_expr_test} queried against the store. Messages are promtool's, word for word.
 */
final class UnitTestRunner {

    private static final Duration DEFAULT_EVALUATION_INTERVAL = Duration.ofMinutes(1);
    private static final String ALERT_NAME = "alertname";

    private final RuleTemplates templates;
    private final boolean ignoreUnknownFields;
    private final Pattern run;
    private final PrintStream err;

    /**
     * @param run promtool's {@code --run} (test groups whose name it finds), null for all
     * @param err where warnings go (a rule_files pattern matching nothing)
     */
    UnitTestRunner(RuleTemplates templates, boolean ignoreUnknownFields, Pattern run, PrintStream err) {
        this.templates = Objects.requireNonNull(templates, "templates");
        this.ignoreUnknownFields = ignoreUnknownFields;
        this.run = run;
        this.err = err;
    }

    /** Runs the file's test groups; returns the failures, none when every test passed. */
    List<String> run(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of("open " + file + ": no such file or directory");
        } catch (IOException e) {
            return List.of(file + ": " + e.getMessage());
        }
        UnitTestFile unitTests;
        try {
            unitTests = UnitTestFile.parse(content);
        } catch (UnitTestFile.FormatException e) {
            return List.of(e.getMessage());
        }
        List<Path> ruleFiles = ruleFiles(file, unitTests.ruleFiles());
        Duration evalInterval = unitTests.evaluationInterval() == null || unitTests.evaluationInterval().isZero()
                ? DEFAULT_EVALUATION_INTERVAL : unitTests.evaluationInterval();
        Map<String, Integer> groupOrder = new HashMap<>();
        for (int i = 0; i < unitTests.groupEvalOrder().size(); i++) {
            String name = unitTests.groupEvalOrder().get(i);
            if (groupOrder.putIfAbsent(name, i) != null) {
                return List.of("group name repeated in evaluation order: " + name);
            }
        }
        List<String> errors = new ArrayList<>();
        for (UnitTestFile.TestGroup group : unitTests.tests()) {
            if (run != null && !run.matcher(group.name()).find()) {
                continue;
            }
            Duration interval = group.interval() == null || group.interval().isZero() ? evalInterval : group.interval();
            errors.addAll(new GroupRun(group, interval, evalInterval, groupOrder, unitTests.fuzzyCompare(), ruleFiles)
                    .test());
        }
        return errors;
    }

    /** rule_files relative to the test file's directory, globs expanded; a pattern matching nothing is a warning. */
    private List<Path> ruleFiles(Path testFile, List<String> patterns) {
        Path base = testFile.getParent();
        List<Path> files = new ArrayList<>();
        for (String pattern : patterns) {
            if (pattern.isEmpty()) {
                continue;
            }
            Path p = Path.of(pattern);
            Path resolved = (p.isAbsolute() || base == null ? p : base.resolve(p)).normalize();
            List<Path> matched = RuleFiles.resolve(resolved.toString().replace(",", "\\,"), null);
            if (matched.isEmpty()) {
                err.println("  WARNING: no file match pattern " + resolved);
            }
            files.addAll(matched);
        }
        return files;
    }

    /** One test group's run: its store, its rule groups, its checks. */
    private final class GroupRun {
        private final UnitTestFile.TestGroup tg;
        private final Duration interval;
        private final Duration evalInterval;
        private final Map<String, Integer> groupOrder;
        private final boolean fuzzy;
        private final List<Path> ruleFiles;
        private final TestStore store;

        GroupRun(UnitTestFile.TestGroup tg, Duration interval, Duration evalInterval, Map<String, Integer> groupOrder,
                 boolean fuzzy, List<Path> ruleFiles) {
            this.tg = tg;
            this.interval = interval;
            this.evalInterval = evalInterval;
            this.groupOrder = groupOrder;
            this.fuzzy = fuzzy;
            this.ruleFiles = ruleFiles;
            this.store = new TestStore(evalInterval.toMillis());
        }

        List<String> test() {
            Instant mint = tg.startTimestamp() == null ? Instant.EPOCH : tg.startTimestamp();
            long mintMs = mint.toEpochMilli();
            for (UnitTestFile.InputSeries s : tg.inputSeries()) {
                String loadError = load(s, mintMs);
                if (loadError != null) {
                    return List.of(loadError);
                }
            }
            List<String> loadErrors = new ArrayList<>();
            List<RuleGroup> groups = groups(loadErrors);
            if (!loadErrors.isEmpty()) {
                return loadErrors;
            }
            long maxEvalMs = maxEvalTime().toMillis();
            long maxtMs = mintMs + maxEvalMs;

            TreeMap<Long, List<UnitTestFile.AlertTest>> alertTests = new TreeMap<>();
            for (UnitTestFile.AlertTest a : tg.alertRuleTests()) {
                if (a.alertname().isEmpty()) {
                    String in = tg.name().isEmpty() ? "" : " (in TestGroup " + tg.name() + ")";
                    return List.of("an item under alert_rule_test misses required attribute alertname at eval_time "
                            + GoFormat.modelDuration(a.evalTime().toMillis()) + in);
                }
                alertTests.computeIfAbsent(a.evalTime().toMillis(), t -> new ArrayList<>()).add(a);
            }
            List<String> errs = new ArrayList<>();
            long stepMs = evalInterval.toMillis();
            for (long ts = mintMs; ts <= maxtMs; ts += stepMs) {
                store.loadTill(ts);
                List<String> evalErrs = new ArrayList<>();
                Instant at = Instant.ofEpochMilli(ts);
                for (RuleGroup g : groups) {
                    g.evaluate(at);
                    for (Rule r : g.rules()) {
                        if (r.status().health() == RuleHealth.ERR) {
                            // promtool prints the time since the Unix epoch, whatever start_timestamp says.
                            evalErrs.add("    rule: " + r.name() + ", time: " + GoFormat.goDuration(ts) + ", err: "
                                    + r.status().lastError());
                        }
                    }
                }
                errs.addAll(evalErrs);
                if (!evalErrs.isEmpty()) {
                    return errs;
                }
                // Alert tests at times in [ts, ts + evaluation_interval) are checked against this evaluation.
                long fromRel = ts - mintMs;
                for (Map.Entry<Long, List<UnitTestFile.AlertTest>> e
                        : alertTests.subMap(fromRel, true, fromRel + stepMs, false).entrySet()) {
                    for (UnitTestFile.AlertTest test : e.getValue()) {
                        String failure = checkAlerts(groups, test);
                        if (failure != null) {
                            errs.add(failure);
                        }
                    }
                }
                if (maxtMs - ts < stepMs) {
                    break; // the next step would pass maxt (and could overflow near the end of time)
                }
            }
            for (UnitTestFile.PromqlTest test : tg.promqlExprTests()) {
                String failure = checkExpr(test, mintMs);
                if (failure != null) {
                    errs.add(failure);
                }
            }
            return errs;
        }

        private String load(UnitTestFile.InputSeries s, long mintMs) {
            String line = s.series() + " " + s.values();
            SortedMap<String, String> labels;
            try {
                labels = seriesLabels(s.series(), line);
            } catch (PromqlException | IllegalArgumentException e) {
                return e.getMessage();
            }
            List<SeriesNotation.Value> values;
            try {
                values = SeriesNotation.parse(s.values());
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
            store.input(labels, mintMs, interval.toMillis(), values);
            return null;
        }

        private Duration maxEvalTime() {
            Duration max = Duration.ZERO;
            for (UnitTestFile.AlertTest a : tg.alertRuleTests()) {
                max = a.evalTime().compareTo(max) > 0 ? a.evalTime() : max;
            }
            for (UnitTestFile.PromqlTest p : tg.promqlExprTests()) {
                max = p.evalTime().compareTo(max) > 0 ? p.evalTime() : max;
            }
            return max;
        }

        /** The rule files' groups, as the server builds them, in group_eval_order (the others keep file order). */
        private List<RuleGroup> groups(List<String> errors) {
            RuleFileParser parser = new RuleFileParser(store, templates, NameValidation.UTF8, ignoreUnknownFields);
            List<RuleGroup> groups = new ArrayList<>();
            for (Path file : ruleFiles) {
                RuleFileParser.Result result = parser.parseFile(file);
                if (!result.ok()) {
                    errors.addAll(result.errors());
                    return List.of();
                }
                for (RuleGroupSpec spec : result.ruleFile().groups()) {
                    groups.add(build(result.ruleFile().file(), spec));
                }
            }
            List<RuleGroup> ordered = new ArrayList<>(groups);
            ordered.sort(Comparator.comparingInt(g -> groupOrder.getOrDefault(g.name(), 0)));
            return ordered;
        }

        private RuleGroup build(String file, RuleGroupSpec spec) {
            Duration groupInterval = spec.interval() != null && spec.interval().isPositive() ? spec.interval()
                    : interval;
            Duration queryOffset = spec.queryOffset() != null ? spec.queryOffset() : Duration.ZERO;
            List<Rule> rules = new ArrayList<>();
            for (RuleSpec r : spec.rules()) {
                RuleQuery query = r.sql().isEmpty() ? new PromqlRuleQuery(store, r.expr())
                        : new SqlRuleQuery(NO_SQL, r.sql(), groupInterval, RuleSettings.DEFAULT_SQL_SAMPLE_ROWS);
                Map<String, String> labels = new LinkedHashMap<>(spec.labels());
                labels.putAll(r.labels());
                rules.add(r.isAlerting()
                        ? new AlertingRule(r.alert(), query, r.forDuration(), r.keepFiringFor(), labels,
                        r.annotations(), tg.externalLabels(), tg.externalURL(), templates)
                        : new RecordingRule(r.record(), query, labels));
            }
            return new RuleGroup(file, spec.name(), groupInterval, queryOffset, spec.limit(), rules, store,
                    alerts -> { }, new InMemoryAlertStateStore(), RuleSettings.DEFAULT_RESEND_DELAY,
                    Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        }

        private String checkAlerts(List<RuleGroup> groups, UnitTestFile.AlertTest test) {
            List<LabelsAndAnnotations> got = new ArrayList<>();
            for (RuleGroup g : groups) {
                for (Rule r : g.rules()) {
                    if (r instanceof AlertingRule ar && ar.name().equals(test.alertname())) {
                        for (AlertInstance a : ar.alerts()) {
                            if (a.state() == AlertState.FIRING) {
                                got.add(new LabelsAndAnnotations(a.labels(), a.annotations()));
                            }
                        }
                    }
                }
            }
            List<LabelsAndAnnotations> exp = new ArrayList<>();
            for (UnitTestFile.ExpectedAlert a : test.expAlerts()) {
                Map<String, String> labels = new TreeMap<>(a.labels() == null ? Map.of() : a.labels());
                labels.put(ALERT_NAME, test.alertname());
                exp.add(new LabelsAndAnnotations(labels, a.annotations()));
            }
            got.sort(LabelsAndAnnotations.ORDER);
            exp.sort(LabelsAndAnnotations.ORDER);
            if (exp.equals(got)) {
                return null;
            }
            String name = tg.name().isEmpty() ? "" : "    name: " + tg.name() + ",\n";
            return name + "    alertname: " + test.alertname() + ", time: "
                    + GoFormat.modelDuration(test.evalTime().toMillis()) + ", \n        exp:"
                    + indent(LabelsAndAnnotations.string(exp), "            ") + ", \n        got:"
                    + indent(LabelsAndAnnotations.string(got), "            ");
        }

        private String checkExpr(UnitTestFile.PromqlTest test, long mintMs) {
            String time = GoFormat.modelDuration(test.evalTime().toMillis());
            String prefix = "    expr: " + GoFormat.quote(test.expr()) + ", time: " + time;
            long atMs = mintMs + test.evalTime().toMillis();
            List<ParsedSample> got;
            try {
                got = query(test.expr(), atMs);
            } catch (PromqlException | QueryException e) {
                return prefix + ", err: " + e.getMessage();
            } catch (RuntimeException e) {
                // An engine defect must fail this test, not the whole run.
                return prefix + ", err: " + e;
            }
            List<ParsedSample> exp = new ArrayList<>();
            for (UnitTestFile.ExpectedSample s : test.expSamples()) {
                try {
                    String histogram = "";
                    if (!s.histogram().isEmpty()) {
                        histogram = expectedHistogram(s.histogram());
                    }
                    exp.add(new ParsedSample(metric(s.labels()), histogram.isEmpty() ? s.value() : 0, histogram));
                } catch (PromqlException | IllegalArgumentException e) {
                    return prefix + ", err: labels " + GoFormat.quote(s.labels()) + ": " + e.getMessage();
                }
            }
            exp.sort(ParsedSample.ORDER);
            got.sort(ParsedSample.ORDER);
            if (ParsedSample.equal(exp, got, fuzzy)) {
                return null;
            }
            return prefix + ",\n        exp: " + ParsedSample.string(exp) + "\n        got: " + ParsedSample.string(got);
        }

        /**
         * The engine's answer; a plain selector over series with native histograms is answered from the store's
         * histograms (what the engine cannot read), any other expression over them fails.
         */
        private List<ParsedSample> query(String expr, long atMs) {
            QueryResult result = store.query(expr, atMs);
            List<ParsedSample> out = new ArrayList<>();
            switch (result) {
                case QueryResult.InstantVector v -> v.samples().forEach(s ->
                        out.add(new ParsedSample(new TreeMap<>(s.labels()), s.value(), "")));
                case QueryResult.Scalar s -> out.add(new ParsedSample(new TreeMap<>(), s.value(), ""));
                default -> throw new QueryException(QueryException.Kind.BAD_DATA,
                        "rule result is not a vector or scalar");
            }
            if (store.histogramSelected()) {
                Expr parsed = Parser.parse(expr);
                while (parsed instanceof Expr.Paren p) {
                    parsed = p.expr();
                }
                if (!(parsed instanceof Expr.VectorSelector vs) || vs.offsetMs() != 0 || vs.at() != null) {
                    throw new QueryException(QueryException.Kind.EXECUTION, TestStore.NO_HISTOGRAMS);
                }
                for (SortedMap<String, String> labels : store.histogramSeries()) {
                    if (matches(labels, vs.matchers())) {
                        NativeHistogram h = store.histogramAt(labels, atMs);
                        if (h != null) {
                            out.add(new ParsedSample(new TreeMap<>(labels), 0, h.testExpression()));
                        }
                    }
                }
            }
            return out;
        }
    }

    private static boolean matches(Map<String, String> labels, List<LabelMatcher> matchers) {
        for (LabelMatcher m : matchers) {
            String value = labels.getOrDefault(m.name(), "");
            boolean ok = switch (m.type()) {
                case EQUAL -> value.equals(m.value());
                case NOT_EQUAL -> !value.equals(m.value());
                case REGEX -> com.google.re2j.Pattern.matches("(?:" + m.value() + ")", value);
                case NOT_REGEX -> !com.google.re2j.Pattern.matches("(?:" + m.value() + ")", value);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String expectedHistogram(String text) {
        List<SeriesNotation.Value> values = SeriesNotation.parse(text);
        if (values.size() != 1) {
            throw new IllegalArgumentException("expected 1 value, got " + values.size());
        }
        if (!(values.get(0) instanceof SeriesNotation.HistogramValue h)) {
            throw new IllegalArgumentException("expected histogram, got " + text);
        }
        return h.histogram().testExpression();
    }

    /** The labels of an input series' description; an unclosed selector is parsed with its values, as promtool. */
    static SortedMap<String, String> seriesLabels(String series, String line) {
        int brace = series.indexOf('{');
        boolean closed = brace < 0 || series.strip().endsWith("}");
        return metric(closed ? series : line);
    }

    /** Prometheus' {@code ParseMetric}: {@code name{l="v"}}, {@code {l="v"}}, or "" for no labels. */
    static SortedMap<String, String> metric(String text) {
        SortedMap<String, String> labels = new TreeMap<>();
        String t = text.strip();
        if (t.isEmpty() || t.equals("{}")) {
            return labels;
        }
        for (LabelMatcher m : Parser.parseSeriesSelector(t)) {
            if (m.type() != LabelMatcher.Type.EQUAL) {
                throw new IllegalArgumentException("parse error: a series description takes only = matchers: " + t);
            }
            if (!m.value().isEmpty()) {
                labels.put(m.name(), m.value());
            }
        }
        return labels;
    }

    /** promtool's indentLines: every line after the first gets the indent. */
    static String indent(String text, String indent) {
        return text.replace("\n", "\n" + indent);
    }

    /** Prometheus' labels.Compare: label by label, name then value; a prefix sorts first. */
    static int compareLabels(Map<String, String> a, Map<String, String> b) {
        var ia = new TreeMap<>(a).entrySet().iterator();
        var ib = new TreeMap<>(b).entrySet().iterator();
        while (ia.hasNext() && ib.hasNext()) {
            var x = ia.next();
            var y = ib.next();
            int c = x.getKey().compareTo(y.getKey());
            if (c == 0) {
                c = x.getValue().compareTo(y.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(ia.hasNext(), ib.hasNext());
    }

    /** promtool's labelAndAnnotation. */
    record LabelsAndAnnotations(Map<String, String> labels, Map<String, String> annotations) {

        static final Comparator<LabelsAndAnnotations> ORDER = (x, y) -> {
            int c = compareLabels(x.labels, y.labels);
            return c != 0 ? c : compareLabels(x.annotations, y.annotations);
        };

        /** Compared as Prometheus compares them: label for label, an empty value included. */
        LabelsAndAnnotations {
            labels = new TreeMap<>(labels);
            annotations = new TreeMap<>(annotations);
        }

        String text() {
            return "Labels:" + GoFormat.labels(labels) + "\nAnnotations:" + GoFormat.labels(annotations);
        }

        static String string(List<LabelsAndAnnotations> list) {
            if (list.isEmpty()) {
                return "[]";
            }
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                b.append(i == 0 ? "\n" : ",\n").append(i).append(':')
                        .append(indent("\n" + list.get(i).text(), "  "));
            }
            return b.append("\n]").toString();
        }
    }

    /** promtool's parsedSample: labels, value, and a histogram's test expression ("" for a float). */
    record ParsedSample(SortedMap<String, String> labels, double value, String histogram) {

        static final Comparator<ParsedSample> ORDER = (x, y) -> compareLabels(x.labels, y.labels);

        static boolean equal(List<ParsedSample> a, List<ParsedSample> b, boolean fuzzy) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                ParsedSample x = a.get(i);
                ParsedSample y = b.get(i);
                if (!x.labels.equals(y.labels) || !x.histogram.equals(y.histogram)
                        || !sameValue(x.value, y.value, fuzzy)) {
                    return false;
                }
            }
            return true;
        }

        /** Go's == on float64 (NaN never equal), or with fuzzy_compare one ULP either way. */
        private static boolean sameValue(double x, double y, boolean fuzzy) {
            return x == y || fuzzy && (Math.nextDown(x) == y || Math.nextUp(x) == y);
        }

        String text() {
            return GoFormat.labels(labels) + " " + (histogram.isEmpty() ? GoFormat.e(value) : histogram);
        }

        static String string(List<ParsedSample> list) {
            if (list.isEmpty()) {
                return "nil";
            }
            List<String> parts = new ArrayList<>(list.size());
            list.forEach(s -> parts.add(s.text()));
            return String.join(", ", parts);
        }
    }

    /** {@code sql:} rules read the SQL store, which a unit test does not have. */
    private static final SqlQueries NO_SQL = (sql, timeout) -> {
        throw new QueryException(QueryException.Kind.BAD_DATA,
                "rules test evaluates PromQL only: sql: rules need a running Fluxtap");
    };
}
