package io.fluxtap.alerting.rules;

import io.fluxtap.alerting.config.PromDuration;

import io.fluxtap.api.PromqlQueries;
import io.fluxtap.api.QueryException;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads and validates Prometheus rule files exactly as Prometheus' {@code rulefmt.ParseFile} does, with its error
 * wording ({@code file: 5:15: group "yolo", rule 1, "yolo": could not parse expression: ...}), so
 * {@code bin/fluxtap rules check} prints what {@code promtool check rules} prints.
 * <p>
 * The YAML is read with SnakeYAML's node API (the parser under Jackson's YAML module) rather than Jackson's
 * binding: validation errors carry the line and column of the offending node as Go's yaml.v3 reports them, and
 * rule files use {@code <<} merge keys (rulefmt/test_aliases.yaml), which Jackson's YAML module does not resolve.
 * As yaml.v3 with {@code KnownFields(true)}: unknown keys and repeated keys are collected as
 * {@code yaml: unmarshal errors:} lines; only the first YAML document counts (a second one is a warning).
 */
public final class RuleFileParser {

    private static final String TYPE_GROUPS = "rulefmt.RuleGroups";
    private static final String TYPE_GROUP = "rulefmt.RuleGroup";
    private static final String TYPE_RULE = "rulefmt.Rule";
    private static final Set<String> GROUPS_FIELDS = Set.of("groups");
    private static final Set<String> GROUP_FIELDS = Set.of("name", "interval", "query_offset", "limit", "rules",
            "labels");
    private static final Set<String> RULE_FIELDS = Set.of("record", "alert", "expr", "sql", "for", "keep_firing_for",
            "labels", "annotations");

    private final PromqlQueries promql;
    private final RuleTemplates templates;
    private final NameValidation names;
    private final boolean ignoreUnknownFields;

    /**
     * @param promql              parses every {@code expr} ({@link PromqlQueries#parse})
     * @param templates           checks the templates of alerting rules' labels and annotations
     * @param names               Prometheus' name validation scheme ({@link NameValidation#UTF8} is its default)
     * @param ignoreUnknownFields promtool's {@code --ignore-unknown-fields}
     */
    public RuleFileParser(PromqlQueries promql, RuleTemplates templates, NameValidation names,
                          boolean ignoreUnknownFields) {
        this.promql = Objects.requireNonNull(promql, "promql");
        this.templates = Objects.requireNonNull(templates, "templates");
        this.names = Objects.requireNonNull(names, "names");
        this.ignoreUnknownFields = ignoreUnknownFields;
    }

    /**
     * @param ruleFile the file, null when there are errors
     * @param errors   each prefixed with the file name, as promtool prints them
     * @param warnings what Prometheus logs and accepts
     */
    public record Result(RuleFile ruleFile, List<String> errors, List<String> warnings) {

        public Result {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /** Reads the file; a file that cannot be read is one error naming it. */
    public Result parseFile(Path file) {
        String name = file.toString();
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Result(null, List.of(name + ": open " + name + ": no such file or directory"), List.of());
        } catch (IOException e) {
            return new Result(null, List.of(name + ": " + e.getMessage()), List.of());
        }
        return parse(name, content);
    }

    /** Parses and validates {@code content}, naming it {@code file} in errors. */
    public Result parse(String file, String content) {
        Decoded decoded;
        List<String> warnings = new ArrayList<>();
        try {
            decoded = decode(content, warnings);
        } catch (Failure e) {
            return new Result(null, List.of(file + ": " + e.getMessage()), List.of());
        }
        if (!decoded.typeErrors.isEmpty()) {
            return new Result(null, List.of(file + ": yaml: unmarshal errors:\n  "
                    + String.join("\n  ", decoded.typeErrors)), List.of());
        }
        List<String> errors = new ArrayList<>();
        for (String error : validate(decoded)) {
            errors.add(file + ": " + error);
        }
        List<String> fileWarnings = warnings.stream().map(w -> file + ": " + w).toList();
        if (!errors.isEmpty()) {
            return new Result(null, errors, fileWarnings);
        }
        List<RuleGroupSpec> groups = decoded.groups.stream().map(g -> g.spec).toList();
        return new Result(new RuleFile(file, groups, fileWarnings), List.of(), fileWarnings);
    }

    // ---- decoding: yaml.v3's Decode into rulefmt.RuleGroups ----

    /** An error that stops decoding, as yaml.v3's fail() and custom unmarshalers' errors do. */
    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Decoded {
        final List<DecodedGroup> groups = new ArrayList<>();
        final List<String> typeErrors = new ArrayList<>();
    }

    private record DecodedGroup(RuleGroupSpec spec, Node node, List<DecodedRule> rules) {
    }

    /** The rule and the nodes its errors point at (null when the key is absent: Go's zero node, printed 0:0). */
    private record DecodedRule(RuleSpec spec, Node record, Node alert, Node expr, Node sql) {
    }

    private Decoded decode(String content, List<String> warnings) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported as yaml.v3 does, below
        Yaml yaml = new Yaml(new SafeConstructor(options));
        Node root;
        try {
            Iterator<Node> documents = yaml.composeAll(new java.io.StringReader(content)).iterator();
            root = documents.hasNext() ? documents.next() : null;
            try {
                if (documents.hasNext()) {
                    warnings.add("the file has more than one YAML document: only the first is read");
                }
            } catch (YAMLException e) {
                // Go reads only the first document: what follows it is never parsed, broken or not.
                warnings.add("the file has more than one YAML document: only the first is read");
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            throw new Failure("yaml: line " + (mark == null ? 0 : mark.getLine() + 1) + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new Failure("yaml: " + e.getMessage());
        }
        Decoded decoded = new Decoded();
        if (root == null || isNull(root)) {
            return decoded;
        }
        Map<String, NodeTuple> top = mapping(root, TYPE_GROUPS, GROUPS_FIELDS, decoded.typeErrors);
        if (top == null) {
            return decoded;
        }
        NodeTuple groups = top.get("groups");
        if (groups != null && !isNull(groups.getValueNode())) {
            Node list = groups.getValueNode();
            if (!(list instanceof SequenceNode seq)) {
                decoded.typeErrors.add(cannotUnmarshal(list, "[]" + TYPE_GROUP));
                return decoded;
            }
            for (Node g : seq.getValue()) {
                DecodedGroup group = group(g, decoded.typeErrors);
                if (group != null) {
                    decoded.groups.add(group);
                }
            }
        }
        return decoded;
    }

    private DecodedGroup group(Node node, List<String> typeErrors) {
        if (isNull(node)) {
            return new DecodedGroup(new RuleGroupSpec("", null, null, 0, Map.of(), List.of()), node, List.of());
        }
        Map<String, NodeTuple> fields = mapping(node, TYPE_GROUP, GROUP_FIELDS, typeErrors);
        if (fields == null) {
            return null;
        }
        String name = string(fields.get("name"), typeErrors);
        Duration interval = duration(fields.get("interval"));
        Duration queryOffset = duration(fields.get("query_offset"));
        int limit = integer(fields.get("limit"), typeErrors);
        Map<String, String> labels = stringMap(fields.get("labels"), typeErrors);
        List<DecodedRule> rules = new ArrayList<>();
        NodeTuple rulesField = fields.get("rules");
        if (rulesField != null && !isNull(rulesField.getValueNode())) {
            if (rulesField.getValueNode() instanceof SequenceNode seq) {
                for (Node r : seq.getValue()) {
                    DecodedRule rule = rule(r, typeErrors);
                    if (rule != null) {
                        rules.add(rule);
                    }
                }
            } else {
                typeErrors.add(cannotUnmarshal(rulesField.getValueNode(), "[]" + TYPE_RULE));
            }
        }
        RuleGroupSpec spec = new RuleGroupSpec(name, interval, queryOffset, limit, labels,
                rules.stream().map(DecodedRule::spec).toList());
        return new DecodedGroup(spec, node, rules);
    }

    private DecodedRule rule(Node node, List<String> typeErrors) {
        if (isNull(node)) {
            return new DecodedRule(new RuleSpec("", "", "", "", null, null, null, null), null, null, null, null);
        }
        Map<String, NodeTuple> fields = mapping(node, TYPE_RULE, RULE_FIELDS, typeErrors);
        if (fields == null) {
            return null;
        }
        RuleSpec spec = new RuleSpec(string(fields.get("record"), typeErrors), string(fields.get("alert"), typeErrors),
                string(fields.get("expr"), typeErrors), string(fields.get("sql"), typeErrors),
                duration(fields.get("for")), duration(fields.get("keep_firing_for")),
                stringMap(fields.get("labels"), typeErrors), stringMap(fields.get("annotations"), typeErrors));
        return new DecodedRule(spec, valueNode(fields.get("record")), valueNode(fields.get("alert")),
                valueNode(fields.get("expr")), valueNode(fields.get("sql")));
    }

    /**
     * The keys of a mapping node, {@code <<} merges resolved as yaml.v3 resolves them (explicit keys win, then the
     * merged mappings in order); unknown keys and repeated keys reported as yaml.v3 reports them.
     */
    private Map<String, NodeTuple> mapping(Node node, String type, Set<String> known, List<String> typeErrors) {
        if (!(node instanceof MappingNode map)) {
            typeErrors.add(cannotUnmarshal(node, type));
            return null;
        }
        Map<String, NodeTuple> fields = new LinkedHashMap<>();
        Map<String, Node> firstKey = new LinkedHashMap<>();
        List<Node> merges = new ArrayList<>();
        for (NodeTuple tuple : map.getValue()) {
            Node key = tuple.getKeyNode();
            if (key instanceof ScalarNode scalar && Tag.MERGE.equals(scalar.getTag())) {
                merges.add(tuple.getValueNode());
                continue;
            }
            String name = key instanceof ScalarNode scalar ? scalar.getValue() : "";
            Node earlier = firstKey.putIfAbsent(name, key);
            if (earlier != null) {
                typeErrors.add("line " + line(key) + ": mapping key \"" + name + "\" already defined at line "
                        + line(earlier));
                continue;
            }
            if (!known.contains(name)) {
                if (!ignoreUnknownFields) {
                    typeErrors.add("line " + line(key) + ": field " + name + " not found in type " + type);
                }
                continue;
            }
            fields.put(name, tuple);
        }
        for (Node merge : merges) {
            List<Node> sources = merge instanceof SequenceNode seq ? seq.getValue() : List.of(merge);
            for (Node source : sources) {
                if (!(source instanceof MappingNode)) {
                    throw new Failure("yaml: map merge requires map or sequence of maps as the value");
                }
                Map<String, NodeTuple> merged = mapping(source, type, known, typeErrors);
                merged.forEach(fields::putIfAbsent);
            }
        }
        return fields;
    }

    private static Node valueNode(NodeTuple tuple) {
        return tuple == null ? null : tuple.getValueNode();
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    private static String string(NodeTuple tuple, List<String> typeErrors) {
        if (tuple == null || isNull(tuple.getValueNode())) {
            return "";
        }
        if (tuple.getValueNode() instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        typeErrors.add(cannotUnmarshal(tuple.getValueNode(), "string"));
        return "";
    }

    private static int integer(NodeTuple tuple, List<String> typeErrors) {
        if (tuple == null || isNull(tuple.getValueNode())) {
            return 0;
        }
        if (tuple.getValueNode() instanceof ScalarNode scalar && Tag.INT.equals(scalar.getTag())) {
            try {
                return Integer.decode(scalar.getValue().replace("_", "").replace("0o", "0"));
            } catch (NumberFormatException e) {
                // Out of int's range: the type error below, as yaml.v3's.
            }
        }
        typeErrors.add(cannotUnmarshal(tuple.getValueNode(), "int"));
        return 0;
    }

    /** Prometheus' model.Duration: its error ends decoding, as a custom unmarshaler's error does in yaml.v3. */
    private static Duration duration(NodeTuple tuple) {
        if (tuple == null || isNull(tuple.getValueNode())) {
            return null;
        }
        if (!(tuple.getValueNode() instanceof ScalarNode scalar)) {
            throw new Failure("yaml: unmarshal errors:\n  " + cannotUnmarshal(tuple.getValueNode(), "string"));
        }
        try {
            return PromDuration.parse(scalar.getValue());
        } catch (IllegalArgumentException e) {
            throw new Failure(e.getMessage());
        }
    }

    private Map<String, String> stringMap(NodeTuple tuple, List<String> typeErrors) {
        if (tuple == null || isNull(tuple.getValueNode())) {
            return Map.of();
        }
        if (!(tuple.getValueNode() instanceof MappingNode map)) {
            typeErrors.add(cannotUnmarshal(tuple.getValueNode(), "map[string]string"));
            return Map.of();
        }
        Map<String, String> result = new LinkedHashMap<>();
        Map<String, Node> firstKey = new LinkedHashMap<>();
        for (NodeTuple entry : map.getValue()) {
            if (!(entry.getKeyNode() instanceof ScalarNode key)) {
                typeErrors.add(cannotUnmarshal(entry.getKeyNode(), "string"));
                continue;
            }
            Node earlier = firstKey.putIfAbsent(key.getValue(), key);
            if (earlier != null) {
                typeErrors.add("line " + line(key) + ": mapping key \"" + key.getValue() + "\" already defined at line "
                        + line(earlier));
                continue;
            }
            result.put(key.getValue(), string(entry, typeErrors));
        }
        return result;
    }

    /** yaml.v3's wording: {@code line 4: cannot unmarshal !!str `abc` into int}. */
    private static String cannotUnmarshal(Node node, String type) {
        String what;
        if (node instanceof ScalarNode scalar) {
            String value = scalar.getValue();
            if (value.length() > 10) {
                value = value.substring(0, 7) + "...";
            }
            what = shortTag(scalar.getTag()) + " `" + value + "`";
        } else if (node instanceof SequenceNode) {
            what = "!!seq";
        } else {
            what = "!!map";
        }
        return "line " + line(node) + ": cannot unmarshal " + what + " into " + type;
    }

    private static String shortTag(Tag tag) {
        String value = tag.getValue();
        return value.startsWith(Tag.PREFIX) ? "!!" + value.substring(Tag.PREFIX.length()) : value;
    }

    private static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /** yaml.v3's {@code line:column}, both 1-based, {@code 0:0} for an absent node. */
    private static String position(Node node) {
        return node == null ? "0:0" : (node.getStartMark().getLine() + 1) + ":" + (node.getStartMark().getColumn() + 1);
    }

    // ---- validation: rulefmt's RuleGroups.Validate and Rule.Validate ----

    private List<String> validate(Decoded decoded) {
        List<String> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (DecodedGroup group : decoded.groups) {
            String name = group.spec.name();
            if (name.isEmpty()) {
                errors.add(position(group.node) + ": Groupname must not be empty");
            }
            if (!seen.add(name)) {
                errors.add(position(group.node) + ": groupname: \"" + name + "\" is repeated in the same file");
            }
            for (String label : group.spec.labels().keySet()) {
                if (!names.isValidLabelName(label) || label.equals("__name__")) {
                    errors.add("invalid label name: " + label);
                }
            }
            for (int i = 0; i < group.rules.size(); i++) {
                DecodedRule rule = group.rules.get(i);
                for (Problem problem : validate(rule)) {
                    StringBuilder text = new StringBuilder();
                    if (problem.node != null || problem.positioned) {
                        text.append(position(problem.node)).append(": ");
                    }
                    if (problem.positioned && problem.alt) {
                        text.append(position(problem.nodeAlt)).append(": ");
                    }
                    text.append("group ").append(quote(name)).append(", rule ").append(i + 1).append(", ")
                            .append(quote(rule.spec.name())).append(": ").append(problem.message);
                    errors.add(text.toString());
                }
            }
        }
        return errors;
    }

    /**
     * One problem of a rule. {@code positioned} means Go's error has a node (possibly the zero node of an absent
     * key, printed {@code 0:0}); {@code alt} that it has a second one.
     */
    private record Problem(String message, boolean positioned, Node node, boolean alt, Node nodeAlt) {

        static Problem at(String message, Node node) {
            return new Problem(message, true, node, false, null);
        }

        static Problem at(String message, Node node, Node alt) {
            return new Problem(message, true, node, true, alt);
        }

        static Problem plain(String message) {
            return new Problem(message, false, null, false, null);
        }
    }

    private List<Problem> validate(DecodedRule decoded) {
        RuleSpec r = decoded.spec;
        List<Problem> problems = new ArrayList<>();
        if (!r.record().isEmpty() && !r.alert().isEmpty()) {
            problems.add(Problem.at("only one of 'record' and 'alert' must be set", decoded.record, decoded.alert));
        }
        if (r.record().isEmpty() && r.alert().isEmpty()) {
            problems.add(Problem.at("one of 'record' or 'alert' must be set", decoded.record, decoded.alert));
        }
        if (!r.expr().isEmpty() && !r.sql().isEmpty()) {
            problems.add(Problem.at("only one of 'expr' and 'sql' must be set", decoded.expr, decoded.sql));
        } else if (r.expr().isEmpty() && r.sql().isEmpty()) {
            problems.add(Problem.at("field 'expr' must be set in rule", decoded.expr));
        } else if (!r.expr().isEmpty()) {
            try {
                promql.parse(r.expr());
            } catch (QueryException e) {
                problems.add(Problem.at("could not parse expression: " + e.getMessage(), decoded.expr));
            }
        }
        if (!r.record().isEmpty()) {
            if (!r.annotations().isEmpty()) {
                problems.add(Problem.at("invalid field 'annotations' in recording rule", decoded.record));
            }
            if (!r.forDuration().isZero()) {
                problems.add(Problem.at("invalid field 'for' in recording rule", decoded.record));
            }
            if (!r.keepFiringFor().isZero()) {
                problems.add(Problem.at("invalid field 'keep_firing_for' in recording rule", decoded.record));
            }
            if (!names.isValidMetricName(r.record())) {
                problems.add(Problem.at("invalid recording rule name: " + r.record(), decoded.record));
            }
            // A valid UTF-8 name, but most often a PromQL selector put in the wrong field.
            if (r.record().contains("{") || r.record().contains("}")) {
                problems.add(Problem.at("braces present in the recording rule name; should it be in expr?: "
                        + r.record(), decoded.record));
            }
        }
        for (String label : r.labels().keySet()) {
            if (!names.isValidLabelName(label) || label.equals("__name__")) {
                problems.add(Problem.plain("invalid label name: " + label));
            }
        }
        for (String annotation : r.annotations().keySet()) {
            if (!names.isValidLabelName(annotation)) {
                problems.add(Problem.plain("invalid annotation name: " + annotation));
            }
        }
        if (r.isAlerting()) {
            String templateName = "__alert_" + r.alert();
            r.labels().forEach((name, text) -> checkTemplate(templateName, "label", name, text, problems));
            r.annotations().forEach((name, text) -> checkTemplate(templateName, "annotation", name, text, problems));
        }
        return problems;
    }

    private void checkTemplate(String templateName, String kind, String name, String text, List<Problem> problems) {
        try {
            templates.check(templateName, text);
        } catch (RuleTemplateException e) {
            problems.add(Problem.plain(kind + " " + quote(name) + ": " + e.getMessage()));
        }
    }

    /** Go's {@code %q}. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
