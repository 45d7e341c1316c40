package io.fluxtap.tools.rules;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import io.fluxtap.alerting.config.PromDuration;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A promtool unit-test file ({@code docs/configuration/unit_testing_rules.md}), read strictly as promtool reads it
 * ({@code yaml.UnmarshalStrict}): unknown keys are errors worded as Go's yaml ({@code line 6: field fuzzy_compare not
 * found in type main.unitTestFile}), whatever {@code --ignore-unknown-fields} says (that flag is for rule files).
 *
 * @param evaluationInterval null when not given (promtool's default is 1m)
 */
record UnitTestFile(List<String> ruleFiles, Duration evaluationInterval, List<String> groupEvalOrder,
                    List<TestGroup> tests, boolean fuzzyCompare) {

    /**
     * @param interval       null when not given (then the file's evaluation interval)
     * @param startTimestamp null when not given (the Unix epoch)
     */
    record TestGroup(Duration interval, List<InputSeries> inputSeries, List<AlertTest> alertRuleTests,
                     List<PromqlTest> promqlExprTests, Map<String, String> externalLabels, String externalURL,
                     String name, Instant startTimestamp) {
    }

    record InputSeries(String series, String values) {
    }

    record AlertTest(Duration evalTime, String alertname, List<ExpectedAlert> expAlerts) {
    }

    /** @param labels null when the test gave none */
    record ExpectedAlert(Map<String, String> labels, Map<String, String> annotations) {
    }

    record PromqlTest(String expr, Duration evalTime, List<ExpectedSample> expSamples) {
    }

    /** @param histogram "" for a float sample */
    record ExpectedSample(String labels, double value, String histogram) {
    }

    /** A file promtool would refuse to read, with its message. */
    static final class FormatException extends RuntimeException {
        FormatException(String message) {
            super(message, null, false, false);
        }
    }

    static UnitTestFile parse(String content) {
        LoaderOptions options = new LoaderOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options));
        Node root;
        try {
            root = yaml.compose(new StringReader(content));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            throw new FormatException("yaml: line " + (mark == null ? 0 : mark.getLine() + 1) + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new FormatException("yaml: " + e.getMessage());
        }
        Reader reader = new Reader();
        UnitTestFile file = reader.file(root);
        if (!reader.errors.isEmpty()) {
            throw new FormatException("yaml: unmarshal errors:\n  " + String.join("\n  ", reader.errors));
        }
        return file;
    }

    /** Decodes nodes as yaml.v2 does into promtool's types, collecting type errors as it does. */
    private static final class Reader {
        final List<String> errors = new ArrayList<>();

        UnitTestFile file(Node root) {
            if (root == null || isNull(root)) {
                return new UnitTestFile(List.of(), null, List.of(), List.of(), false);
            }
            Map<String, Node> f = fields(root, "main.unitTestFile",
                    Set.of("rule_files", "evaluation_interval", "group_eval_order", "tests", "fuzzy_compare"));
            List<TestGroup> tests = new ArrayList<>();
            for (Node n : list(f.get("tests"))) {
                tests.add(group(n));
            }
            return new UnitTestFile(strings(f.get("rule_files")), duration(f.get("evaluation_interval")),
                    strings(f.get("group_eval_order")), tests, bool(f.get("fuzzy_compare")));
        }

        TestGroup group(Node node) {
            Map<String, Node> f = fields(node, "main.testGroup", Set.of("interval", "input_series", "alert_rule_test",
                    "promql_expr_test", "external_labels", "external_url", "name", "start_timestamp"));
            List<InputSeries> series = new ArrayList<>();
            for (Node n : list(f.get("input_series"))) {
                Map<String, Node> s = fields(n, "main.series", Set.of("series", "values"));
                series.add(new InputSeries(string(s.get("series")), string(s.get("values"))));
            }
            List<AlertTest> alerts = new ArrayList<>();
            for (Node n : list(f.get("alert_rule_test"))) {
                Map<String, Node> a = fields(n, "main.alertTestCase", Set.of("eval_time", "alertname", "exp_alerts"));
                List<ExpectedAlert> expected = new ArrayList<>();
                for (Node e : list(a.get("exp_alerts"))) {
                    Map<String, Node> x = fields(e, "main.alert", Set.of("exp_labels", "exp_annotations"));
                    expected.add(new ExpectedAlert(x.get("exp_labels") == null || isNull(x.get("exp_labels")) ? null
                            : stringMap(x.get("exp_labels")), stringMap(x.get("exp_annotations"))));
                }
                alerts.add(new AlertTest(durationOrZero(a.get("eval_time")), string(a.get("alertname")), expected));
            }
            List<PromqlTest> exprs = new ArrayList<>();
            for (Node n : list(f.get("promql_expr_test"))) {
                Map<String, Node> p = fields(n, "main.promqlTestCase", Set.of("expr", "eval_time", "exp_samples"));
                List<ExpectedSample> samples = new ArrayList<>();
                for (Node s : list(p.get("exp_samples"))) {
                    Map<String, Node> x = fields(s, "main.sample", Set.of("labels", "value", "histogram"));
                    samples.add(new ExpectedSample(string(x.get("labels")), number(x.get("value")),
                            string(x.get("histogram"))));
                }
                exprs.add(new PromqlTest(string(p.get("expr")), durationOrZero(p.get("eval_time")), samples));
            }
            return new TestGroup(duration(f.get("interval")), series, alerts, exprs, stringMap(f.get("external_labels")),
                    string(f.get("external_url")), string(f.get("name")), timestamp(f.get("start_timestamp")));
        }

        private Map<String, Node> fields(Node node, String type, Set<String> known) {
            Map<String, Node> out = new LinkedHashMap<>();
            if (node == null || isNull(node)) {
                return out;
            }
            if (!(node instanceof MappingNode map)) {
                errors.add(cannotUnmarshal(node, type));
                return out;
            }
            for (NodeTuple t : map.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
                if (!known.contains(key)) {
                    errors.add("line " + line(t.getKeyNode()) + ": field " + key + " not found in type " + type);
                } else if (out.containsKey(key)) {
                    errors.add("line " + line(t.getKeyNode()) + ": field " + key + " already set in type " + type);
                } else {
                    out.put(key, t.getValueNode());
                }
            }
            return out;
        }

        private List<Node> list(Node node) {
            if (node == null || isNull(node)) {
                return List.of();
            }
            if (node instanceof SequenceNode seq) {
                return seq.getValue();
            }
            errors.add(cannotUnmarshal(node, "[]"));
            return List.of();
        }

        private String string(Node node) {
            if (node == null || isNull(node)) {
                return "";
            }
            if (node instanceof ScalarNode s) {
                return s.getValue();
            }
            errors.add(cannotUnmarshal(node, "string"));
            return "";
        }

        private List<String> strings(Node node) {
            List<String> out = new ArrayList<>();
            for (Node n : list(node)) {
                out.add(string(n));
            }
            return out;
        }

        private Map<String, String> stringMap(Node node) {
            Map<String, String> out = new LinkedHashMap<>();
            if (node == null || isNull(node)) {
                return out;
            }
            if (!(node instanceof MappingNode map)) {
                errors.add(cannotUnmarshal(node, "map[string]string"));
                return out;
            }
            for (NodeTuple t : map.getValue()) {
                out.put(string(t.getKeyNode()), string(t.getValueNode()));
            }
            return out;
        }

        private boolean bool(Node node) {
            if (node == null || isNull(node)) {
                return false;
            }
            if (node instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) {
                return Set.of("true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON").contains(s.getValue());
            }
            errors.add(cannotUnmarshal(node, "bool"));
            return false;
        }

        private double number(Node node) {
            if (node == null || isNull(node)) {
                return 0;
            }
            if (node instanceof ScalarNode s && (Tag.INT.equals(s.getTag()) || Tag.FLOAT.equals(s.getTag()))) {
                String v = s.getValue().replace("_", "");
                switch (v) {
                    case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> {
                        return Double.POSITIVE_INFINITY;
                    }
                    case "-.inf", "-.Inf", "-.INF" -> {
                        return Double.NEGATIVE_INFINITY;
                    }
                    case ".nan", ".NaN", ".NAN" -> {
                        return Double.NaN;
                    }
                    default -> {
                        try {
                            return v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Double.parseDouble(v);
                        } catch (NumberFormatException e) {
                            // below
                        }
                    }
                }
            }
            errors.add(cannotUnmarshal(node, "float64"));
            return 0;
        }

        /** Prometheus' model.Duration: a bad one ends decoding, as its UnmarshalYAML's error does. */
        private Duration duration(Node node) {
            if (node == null || isNull(node)) {
                return null;
            }
            String text = string(node);
            try {
                return PromDuration.parse(text);
            } catch (IllegalArgumentException e) {
                throw new FormatException(e.getMessage());
            }
        }

        private Duration durationOrZero(Node node) {
            Duration d = duration(node);
            return d == null ? Duration.ZERO : d;
        }

        /** promtool's parseTime: Unix seconds (with a fraction) or RFC 3339. */
        private Instant timestamp(Node node) {
            if (node == null || isNull(node)) {
                return null;
            }
            String text = string(node);
            try {
                double seconds = Double.parseDouble(text);
                long ms = Math.round(seconds * 1000);
                return Instant.ofEpochMilli(ms);
            } catch (NumberFormatException e) {
                // RFC 3339 below
            }
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw new FormatException("cannot parse \"" + text + "\" to a valid timestamp");
            }
        }

        private static String cannotUnmarshal(Node node, String type) {
            String tag = node.getTag().getValue().replace("tag:yaml.org,2002:", "!!");
            String value = node instanceof ScalarNode s ? " `" + s.getValue() + "`" : "";
            return "line " + line(node) + ": cannot unmarshal " + tag + value + " into " + type;
        }

        private static int line(Node node) {
            return node.getStartMark().getLine() + 1;
        }

        private static boolean isNull(Node node) {
            return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
        }
    }
}
