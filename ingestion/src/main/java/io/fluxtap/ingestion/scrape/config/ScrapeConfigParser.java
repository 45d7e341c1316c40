package io.fluxtap.ingestion.scrape.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fluxtap.api.DurationText;
import io.fluxtap.api.Labels;
import io.fluxtap.ingestion.scrape.config.HttpClientSettings.Authorization;
import io.fluxtap.ingestion.scrape.config.HttpClientSettings.BasicAuth;
import io.fluxtap.ingestion.scrape.config.HttpClientSettings.TlsConfig;
import io.fluxtap.ingestion.scrape.discovery.RelabelCompiler;
import io.fluxtap.ingestion.scrape.relabel.Relabeler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a scrape configuration file: Prometheus' {@code global} and {@code scrape_configs} sections, its defaults,
 * and its validation messages (checked against {@code promtool check config} 2.42). Sections Prometheus has and
 * scraping does not use ({@code rule_files}, {@code alerting}, {@code remote_write}, ...) are allowed and ignored,
 * so a whole {@code prometheus.yml} can be pointed at.
 */
public final class ScrapeConfigParser {

    private static final Set<String> TOP = Set.of("global", "scrape_configs", "rule_files", "alerting",
            "remote_write", "remote_read", "storage", "tracing", "scrape_config_files");
    private static final Set<String> GLOBAL = Set.of("scrape_interval", "scrape_timeout", "external_labels",
            "evaluation_interval", "query_log_file");
    private static final Set<String> JOB = Set.of("job_name", "scrape_interval", "scrape_timeout", "metrics_path",
            "scheme", "params", "honor_labels", "honor_timestamps", "static_configs", "file_sd_configs",
            "relabel_configs", "metric_relabel_configs", "sample_limit", "label_limit", "body_size_limit",
            "basic_auth", "authorization", "tls_config", "label_name_length_limit", "label_value_length_limit",
            "target_limit", "follow_redirects", "enable_http2");
    private static final Set<String> STATIC = Set.of("targets", "labels");
    private static final Set<String> FILE_SD = Set.of("files", "refresh_interval");
    private static final Set<String> BASIC = Set.of("username", "password", "password_file");
    private static final Set<String> AUTHZ = Set.of("type", "credentials", "credentials_file");
    private static final Set<String> TLS = Set.of("ca_file", "cert_file", "key_file", "server_name",
            "insecure_skip_verify", "min_version");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*([KMGTPE]i?B|B)?");
    private static final String UNITS = "BKMGTPE";

    private final YAMLMapper yaml = new YAMLMapper();
    private final RelabelCompiler relabelCompiler;

    /** A parser that checks relabel entries with Prometheus' rules ({@link Relabeler}). */
    public ScrapeConfigParser() {
        this(new Relabeler());
    }

    public ScrapeConfigParser(RelabelCompiler relabelCompiler) {
        this.relabelCompiler = relabelCompiler;
    }

    /** The configuration a file's text describes; an empty or blank file is one with no jobs. */
    public ScrapeConfig parse(String text) throws ScrapeConfigException {
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ScrapeConfigException("yaml: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return ScrapeConfig.EMPTY;
        }
        if (!root.isObject()) {
            throw new ScrapeConfigException("yaml: the file must be a map with global and scrape_configs");
        }
        known(root, TOP, "config.plain");
        GlobalConfig global = global(root.path("global"));
        List<ScrapeJob> jobs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode job : list(root.path("scrape_configs"), "scrape_configs")) {
            ScrapeJob parsed = job(job, global);
            if (!names.add(parsed.jobName())) {
                throw new ScrapeConfigException(
                        "found multiple scrape configs with job name \"" + parsed.jobName() + "\"");
            }
            jobs.add(parsed);
        }
        return new ScrapeConfig(global, jobs);
    }

    private GlobalConfig global(JsonNode node) throws ScrapeConfigException {
        if (node.isMissingNode() || node.isNull()) {
            return GlobalConfig.DEFAULT;
        }
        known(node, GLOBAL, "config.plain");
        Duration interval = duration(node.path("scrape_interval"), GlobalConfig.DEFAULT_INTERVAL);
        Duration timeout = duration(node.path("scrape_timeout"), null);
        if (timeout == null) {
            // Prometheus: the default timeout, unless the interval is shorter.
            timeout = interval.compareTo(GlobalConfig.DEFAULT_TIMEOUT) < 0 ? interval : GlobalConfig.DEFAULT_TIMEOUT;
        }
        if (timeout.compareTo(interval) > 0) {
            throw new ScrapeConfigException("global scrape timeout greater than scrape interval");
        }
        return new GlobalConfig(interval, timeout, labels(node.path("external_labels")));
    }

    private ScrapeJob job(JsonNode node, GlobalConfig global) throws ScrapeConfigException {
        if (!node.isObject()) {
            throw new ScrapeConfigException("yaml: a scrape_configs entry must be a map");
        }
        known(node, JOB, "config.ScrapeConfig");
        String name = node.path("job_name").asText("");
        if (name.isEmpty()) {
            throw new ScrapeConfigException("job_name is empty");
        }
        Duration interval = duration(node.path("scrape_interval"), global.scrapeInterval());
        Duration timeout = duration(node.path("scrape_timeout"), null);
        if (timeout == null) {
            timeout = global.scrapeTimeout().compareTo(interval) > 0 ? interval : global.scrapeTimeout();
        }
        if (timeout.compareTo(interval) > 0) {
            throw new ScrapeConfigException(
                    "scrape timeout greater than scrape interval for scrape config with job name \"" + name + "\"");
        }
        String scheme = node.path("scheme").asText("http");
        if (!scheme.equals("http") && !scheme.equals("https")) {
            // Prometheus takes any scheme here and fails every scrape later; refusing it names the mistake at once.
            throw new ScrapeConfigException("scheme \"" + scheme + "\" for scrape config with job name \"" + name
                    + "\" is not supported: use http or https");
        }
        List<Map<String, Object>> relabel = maps(node.path("relabel_configs"), "target");
        List<Map<String, Object>> metricRelabel = maps(node.path("metric_relabel_configs"), "metric");
        // Checked here so a bad entry is a configuration error; the scrape side compiles the raw maps again.
        String where = "scrape config with job name \"" + name + "\"";
        relabelCompiler.compile(relabel, "relabel_configs of " + where);
        relabelCompiler.compile(metricRelabel, "metric_relabel_configs of " + where);
        List<TargetGroup> groups = new ArrayList<>();
        int index = 0;
        for (JsonNode group : list(node.path("static_configs"), "static_configs")) {
            // As Prometheus: a URL as a target is refused only when no relabelling may rewrite it.
            groups.add(targetGroup(group, name + "/static/" + index++, relabel.isEmpty()));
        }
        List<FileSdConfig> fileSd = new ArrayList<>();
        for (JsonNode sd : list(node.path("file_sd_configs"), "file_sd_configs")) {
            known(sd, FILE_SD, "file.SDConfig");
            List<String> files = strings(sd.path("files"));
            for (String file : files) {
                if (!file.matches(".*\\.(json|ya?ml)$")) {
                    throw new ScrapeConfigException("path name \"" + file + "\" is not valid for file discovery");
                }
            }
            fileSd.add(new FileSdConfig(files, duration(sd.path("refresh_interval"), FileSdConfig.DEFAULT_REFRESH)));
        }
        return new ScrapeJob(name, interval, timeout,
                node.path("metrics_path").asText("/metrics"),
                scheme,
                params(node.path("params")),
                node.path("honor_labels").asBoolean(false),
                node.path("honor_timestamps").asBoolean(true),
                groups, fileSd,
                relabel,
                metricRelabel,
                node.path("sample_limit").asLong(0),
                node.path("label_limit").asLong(0),
                bytes(node.path("body_size_limit")),
                http(node));
    }

    /** A static group or one of a file_sd file: its targets checked as Prometheus checks them. */
    public TargetGroup targetGroup(JsonNode node, String source) throws ScrapeConfigException {
        return targetGroup(node, source, true);
    }

    private TargetGroup targetGroup(JsonNode node, String source, boolean checkTargets)
            throws ScrapeConfigException {
        if (!node.isObject()) {
            throw new ScrapeConfigException("yaml: a target group must be a map with targets and labels");
        }
        known(node, STATIC, "targetgroup.Group");
        List<String> targets = strings(node.path("targets"));
        for (String target : targets) {
            if (checkTargets && target.contains("/")) {
                throw new ScrapeConfigException("\"" + target + "\" is not a valid hostname");
            }
        }
        return new TargetGroup(targets, labels(node.path("labels")), source);
    }

    private HttpClientSettings http(JsonNode node) throws ScrapeConfigException {
        BasicAuth basic = null;
        JsonNode b = node.path("basic_auth");
        if (b.isObject()) {
            known(b, BASIC, "config.BasicAuth");
            if (b.has("password") && b.has("password_file")) {
                throw new ScrapeConfigException(
                        "at most one of basic_auth password & password_file must be configured");
            }
            basic = new BasicAuth(b.path("username").asText(""), text(b, "password"), text(b, "password_file"));
        }
        Authorization authorization = null;
        JsonNode a = node.path("authorization");
        if (a.isObject()) {
            known(a, AUTHZ, "config.Authorization");
            String type = a.path("type").asText("Bearer");
            if (type.equalsIgnoreCase("basic")) {
                throw new ScrapeConfigException(
                        "authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
            }
            if (a.has("credentials") && a.has("credentials_file")) {
                throw new ScrapeConfigException(
                        "at most one of authorization credentials & credentials_file must be configured");
            }
            authorization = new Authorization(type, text(a, "credentials"), text(a, "credentials_file"));
        }
        if (basic != null && authorization != null) {
            throw new ScrapeConfigException("at most one of basic_auth, oauth2 & authorization must be configured");
        }
        TlsConfig tls = null;
        JsonNode t = node.path("tls_config");
        if (t.isObject()) {
            known(t, TLS, "config.TLSConfig");
            if (t.has("cert_file") != t.has("key_file")) {
                throw new ScrapeConfigException(t.has("cert_file")
                        ? "exactly one of key or key_file must be configured when a client certificate is configured"
                        : "exactly one of cert or cert_file must be configured when a client key is configured");
            }
            tls = new TlsConfig(text(t, "ca_file"), text(t, "cert_file"), text(t, "key_file"),
                    text(t, "server_name"), t.path("insecure_skip_verify").asBoolean(false));
        }
        return new HttpClientSettings(basic, authorization, tls);
    }

    private static void known(JsonNode node, Set<String> fields, String type) throws ScrapeConfigException {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!fields.contains(field)) {
                throw new ScrapeConfigException("yaml: unmarshal errors: field " + field + " not found in type "
                        + type);
            }
        }
    }

    private static List<JsonNode> list(JsonNode node, String what) throws ScrapeConfigException {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ScrapeConfigException("yaml: " + what + " must be a list");
        }
        List<JsonNode> out = new ArrayList<>();
        node.forEach(out::add);
        return out;
    }

    private static List<String> strings(JsonNode node) throws ScrapeConfigException {
        List<String> out = new ArrayList<>();
        for (JsonNode item : list(node, "a list of strings")) {
            out.add(item.asText());
        }
        return out;
    }

    /** A relabel list ({@code kind} target or metric) as maps, null entries refused with Prometheus' words. */
    private List<Map<String, Object>> maps(JsonNode node, String kind) throws ScrapeConfigException {
        List<Map<String, Object>> out = new ArrayList<>();
        String what = kind.equals("target") ? "relabel_configs" : "metric_relabel_configs";
        for (JsonNode item : list(node, what)) {
            if (item.isNull()) {
                throw new ScrapeConfigException("empty or null " + kind + " relabeling rule in scrape config");
            }
            if (!item.isObject()) {
                throw new ScrapeConfigException("yaml: each " + what + " entry must be a map");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = yaml.convertValue(item, LinkedHashMap.class);
            out.add(map);
        }
        return out;
    }

    private static Labels labels(JsonNode node) throws ScrapeConfigException {
        if (node.isMissingNode() || node.isNull()) {
            return Labels.EMPTY;
        }
        if (!node.isObject()) {
            throw new ScrapeConfigException("yaml: labels must be a map of names to values");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!LABEL_NAME.matcher(e.getKey()).matches()) {
                throw new ScrapeConfigException("\"" + e.getKey() + "\" is not a valid label name");
            }
            map.put(e.getKey(), e.getValue().asText());
        }
        return Labels.of(map);
    }

    private static Map<String, List<String>> params(JsonNode node) throws ScrapeConfigException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), List.copyOf(strings(e.getValue())));
            }
        }
        return out;
    }

    private static Duration duration(JsonNode node, Duration fallback) throws ScrapeConfigException {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        try {
            return DurationText.parse(node.asText());
        } catch (RuntimeException e) {
            throw new ScrapeConfigException("not a valid duration string: \"" + node.asText() + "\"", e);
        }
    }

    /** {@code body_size_limit} as Prometheus reads it: base-2 units, {@code KB} and {@code KiB} alike. */
    static long bytes(JsonNode node) throws ScrapeConfigException {
        if (node.isMissingNode() || node.isNull()) {
            return 0;
        }
        return byteSize(node.asText());
    }

    /** A size as {@code body_size_limit} writes it ({@code 10MB}, {@code 512KiB}, {@code 1048576}). */
    public static long byteSize(String text) throws ScrapeConfigException {
        Matcher m = BYTES.matcher(text.strip());
        if (!m.matches()) {
            throw new ScrapeConfigException("units: unknown unit in \"" + text + "\"");
        }
        long value = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        return value << (10 * UNITS.indexOf(unit.charAt(0)));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }
}
