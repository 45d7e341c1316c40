package io.fluxtap.ui.metrics;

import io.fluxtap.ui.chart.ChartUnit;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Grafana dashboard's JSON model into Fluxtap panels. What is taken: every panel of type {@code timeseries}
 * or {@code graph} (also inside rows, collapsed or not), one Fluxtap panel per visible Prometheus target
 * ({@code expr}), titled with the panel's title (and the target's refId when the panel has several), unit from
 * {@code fieldConfig.defaults.unit} (or the old graph panel's {@code yaxes[0].format}). Dashboard variables
 * ({@code $var}, {@code ${var}}, {@code [[var]]}) are replaced by their current or first value (a multi-value
 * selection becomes {@code a|b}, "All" the variable's allValue or {@code .*}); Grafana's interval variables stay and
 * are filled in at run time ({@link QueryVariables}). Everything else is reported as skipped, with why: other panel
 * types, targets of other data sources or without {@code expr}, hidden targets, variables without a value.
 */
public final class GrafanaImport {

    /** What an import gives: the dashboard's name and panels, and one line per thing left out. */
    public record Result(String title, List<Panel> panels, List<String> skipped) {

        public Result {
            panels = List.copyOf(panels);
            skipped = List.copyOf(skipped);
        }
    }

    /** The JSON is not a Grafana dashboard model; the message says why, for the page. */
    public static final class ImportException extends RuntimeException {
        ImportException(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    // $name, ${name}, ${name:format} and [[name]]; Grafana's own $__ variables are matched too and left alone.
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\[\\[(\\w+)]]|\\$(\\w+)");
    private static final List<String> RUNTIME_VARIABLES = List.of("__interval", "__interval_ms", "__rate_interval", "__range");
    /** Bounds the walk into nested rows: Grafana nests one level; anything deeper is not a dashboard. */
    private static final int MAX_DEPTH = 4;

    private GrafanaImport() {
    }

    public static Result read(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new ImportException("Not JSON: " + e.getOriginalMessage());
        }
        // The export wraps the model in {"dashboard": ...} when it comes from the HTTP API.
        if (root != null && root.has("dashboard") && root.get("dashboard").isObject()) {
            root = root.get("dashboard");
        }
        if (root == null || !root.isObject() || !root.path("panels").isArray()) {
            throw new ImportException("Not a Grafana dashboard: it has no \"panels\" list");
        }
        String title = root.path("title").asString("").isBlank() ? "Imported dashboard" : root.path("title").asString();
        Map<String, String> variables = variables(root.path("templating").path("list"));
        List<Panel> panels = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        walk(root.path("panels"), variables, panels, skipped, 0);
        return new Result(title, panels, skipped);
    }

    private static void walk(JsonNode list, Map<String, String> variables, List<Panel> panels, List<String> skipped,
                             int depth) {
        for (JsonNode panel : list) {
            String type = panel.path("type").asString("");
            String title = panel.path("title").asString("").isBlank() ? "(untitled)" : panel.path("title").asString();
            if ("row".equals(type)) {
                if (depth < MAX_DEPTH) {
                    walk(panel.path("panels"), variables, panels, skipped, depth + 1);
                }
                continue;
            }
            if (!"timeseries".equals(type) && !"graph".equals(type)) {
                skipped.add("Panel \"" + title + "\": type " + (type.isEmpty() ? "unknown" : type)
                        + " (only timeseries and graph panels are imported)");
                continue;
            }
            // A "-- Mixed --" panel names a data source per target; those are checked below.
            boolean mixed = "-- Mixed --".equals(panel.path("datasource").path("uid").asString(""));
            if (!mixed && !prometheus(panel.path("datasource"), true)) {
                skipped.add("Panel \"" + title + "\": data source " + datasourceName(panel.path("datasource"))
                        + " is not Prometheus");
                continue;
            }
            ChartUnit unit = unit(panel);
            List<JsonNode> targets = new ArrayList<>();
            for (JsonNode target : panel.path("targets")) {
                String ref = target.path("refId").asString("?");
                if (target.path("hide").asBoolean(false)) {
                    skipped.add("Panel \"" + title + "\" query " + ref + ": hidden in Grafana");
                } else if (!prometheus(target.path("datasource"), true) || !target.path("expr").isString()
                        || target.path("expr").asString().isBlank()) {
                    skipped.add("Panel \"" + title + "\" query " + ref + ": not a PromQL query ("
                            + datasourceName(target.path("datasource")) + ")");
                } else {
                    targets.add(target);
                }
            }
            if (targets.isEmpty() && !panel.path("targets").isEmpty()) {
                continue;
            }
            if (targets.isEmpty()) {
                skipped.add("Panel \"" + title + "\": no queries");
                continue;
            }
            for (JsonNode target : targets) {
                String ref = target.path("refId").asString("?");
                String name = targets.size() == 1 ? title : title + " · " + ref;
                String missing = null;
                StringBuilder expr = new StringBuilder();
                Matcher m = VARIABLE.matcher(target.path("expr").asString());
                while (m.find()) {
                    String variable = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                    String replacement;
                    if (RUNTIME_VARIABLES.contains(variable)) {
                        replacement = Matcher.quoteReplacement(m.group());
                    } else if (variables.containsKey(variable)) {
                        replacement = Matcher.quoteReplacement(variables.get(variable));
                    } else {
                        missing = variable;
                        break;
                    }
                    m.appendReplacement(expr, replacement);
                }
                if (missing != null) {
                    skipped.add("Panel \"" + name + "\": variable $" + missing + " has no value to put in");
                    continue;
                }
                m.appendTail(expr);
                panels.add(new Panel(name, expr.toString(), unit));
            }
        }
    }

    /** A data source reference: absent (the dashboard's default), a name or template text, or {type, uid}. */
    private static boolean prometheus(JsonNode datasource, boolean absentIsDefault) {
        if (datasource.isMissingNode() || datasource.isNull()) {
            return absentIsDefault;
        }
        if (datasource.isString()) {
            String name = datasource.asString().toLowerCase(Locale.ROOT);
            // Old dashboards name the source; "-- Grafana --" and "-- Dashboard --" are Grafana's own.
            return !name.startsWith("--") && !name.contains("loki") && !name.contains("elastic")
                    && !name.contains("influx") && !name.contains("tempo");
        }
        String type = datasource.path("type").asString("");
        // {"uid": "${DS_PROMETHEUS}"} without a type is an exported variable for a Prometheus source.
        return type.isEmpty() || "prometheus".equals(type);
    }

    private static String datasourceName(JsonNode datasource) {
        if (datasource.isString()) {
            return datasource.asString();
        }
        String type = datasource.path("type").asString("");
        return type.isEmpty() ? "unknown" : type;
    }

    private static ChartUnit unit(JsonNode panel) {
        String unit = panel.path("fieldConfig").path("defaults").path("unit").asString("");
        if (unit.isEmpty()) {
            unit = panel.path("yaxes").path(0).path("format").asString("");
        }
        return switch (unit) {
            case "s" -> ChartUnit.SECONDS;
            case "ms" -> ChartUnit.MILLISECONDS;
            case "bytes", "decbytes", "Bps", "binBps" -> ChartUnit.BYTES;
            case "percentunit" -> ChartUnit.RATIO;
            case "reqps", "ops", "rps", "wps", "pps", "cps", "iops" -> ChartUnit.PER_SECOND;
            case "short", "none", "" -> ChartUnit.NONE;
            default -> ChartUnit.NONE;
        };
    }

    /** The dashboard variables' values: current first, else the first option, else a constant's query. */
    private static Map<String, String> variables(JsonNode list) {
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode variable : list) {
            String name = variable.path("name").asString("");
            if (name.isEmpty()) {
                continue;
            }
            String value = value(variable, variable.path("current").path("value"));
            if (value == null && variable.path("options").isArray() && !variable.path("options").isEmpty()) {
                value = value(variable, variable.path("options").path(0).path("value"));
            }
            if (value == null && ("constant".equals(variable.path("type").asString(""))
                    || "textbox".equals(variable.path("type").asString("")))
                    && variable.path("query").isString()) {
                value = variable.path("query").asString();
            }
            if (value != null) {
                values.put(name, value);
            }
        }
        return values;
    }

    private static String value(JsonNode variable, JsonNode value) {
        List<String> parts = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> parts.add(v.asString("")));
        } else if (value.isString() || value.isNumber()) {
            parts.add(value.asString());
        }
        parts.removeIf(String::isEmpty);
        if (parts.isEmpty()) {
            return null;
        }
        if (parts.contains("$__all")) {
            String all = variable.path("allValue").asString("");
            return all.isEmpty() ? ".*" : all;
        }
        return String.join("|", parts);
    }
}
