package io.fluxtap.alerting.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fluxtap.alerting.matchers.Matcher;
import io.fluxtap.alerting.matchers.MatcherParser;
import io.fluxtap.alerting.matchers.Matchers;
import io.fluxtap.alerting.timeinterval.TimeInterval;
import io.fluxtap.alerting.timeinterval.TimeIntervalParser;
import io.fluxtap.alerting.timeinterval.TimeIntervals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and validates one configuration text in Alertmanager's order: first each section as it is decoded (Go's
 * {@code UnmarshalYAML} checks: names, label names, group_by, zero intervals, matcher syntax), then the checks
 * across sections (global secrets, unique names, receiver defaults, the root route, undefined references).
 */
final class ConfigLoader {

    // Duplicate keys are refused as Go's strict YAML refuses them, instead of the last one silently winning.
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern.compile("Duplicate field '(.*)'");
    private static final String POST_MESSAGE = GlobalConfig.DEFAULT_SLACK_APP_URL;
    /** Top-level fields of the integrations Fluxtap does not deliver to, from spec/configuration.md. */
    private static final Map<String, Set<String>> OTHER_FIELDS = Map.ofEntries(
            Map.entry("discord_configs", Set.of("send_resolved", "webhook_url", "webhook_url_file", "title",
                    "message", "content", "username", "avatar_url", "http_config")),
            Map.entry("email_configs", Set.of("send_resolved", "to", "from", "smarthost", "hello", "auth_username",
                    "auth_password", "auth_password_file", "auth_secret", "auth_secret_file", "auth_identity",
                    "require_tls", "force_implicit_tls", "tls_config", "html", "text", "headers", "threading")),
            Map.entry("mattermost_configs", Set.of("send_resolved", "webhook_url", "webhook_url_file", "channel",
                    "username", "icon_url", "icon_emoji", "fallback", "color", "title", "title_link", "text",
                    "pretext", "author_name", "author_link", "author_icon", "fields", "thumb_url", "footer",
                    "footer_icon", "image_url", "attachments", "props", "priority", "http_config")),
            Map.entry("msteams_configs", Set.of("send_resolved", "webhook_url", "webhook_url_file", "title",
                    "summary", "text", "http_config")),
            Map.entry("msteamsv2_configs", Set.of("send_resolved", "webhook_url", "webhook_url_file", "title",
                    "text", "http_config")),
            Map.entry("jira_configs", Set.of("send_resolved", "api_url", "api_type", "project", "summary",
                    "description", "labels", "priority", "issue_type", "resolve_transition", "reopen_transition",
                    "wont_fix_resolution", "reopen_duration", "fields", "http_config")),
            Map.entry("opsgenie_configs", Set.of("send_resolved", "api_key", "api_key_file", "api_url", "message",
                    "description", "source", "details", "responders", "tags", "note", "priority", "update_alerts",
                    "entity", "actions", "http_config")),
            Map.entry("incidentio_configs", Set.of("send_resolved", "http_config", "url", "url_file",
                    "alert_source_token", "alert_source_token_file", "max_alerts", "timeout")),
            Map.entry("pushover_configs", Set.of("send_resolved", "user_key", "user_key_file", "token",
                    "token_file", "title", "message", "url", "url_title", "device", "sound", "priority", "retry",
                    "expire", "ttl", "html", "monospace", "http_config")),
            Map.entry("rocketchat_configs", Set.of("send_resolved", "api_url", "channel", "token", "token_file",
                    "token_id", "token_id_file", "color", "emoji", "icon_url", "text", "title", "title_link",
                    "fields", "short_fields", "image_url", "thumb_url", "link_names", "actions", "http_config")),
            Map.entry("sns_configs", Set.of("send_resolved", "api_url", "sigv4", "topic_arn", "subject",
                    "phone_number", "target_arn", "message", "attributes", "http_config", "use_aws_http_client")),
            Map.entry("telegram_configs", Set.of("send_resolved", "api_url", "bot_token", "bot_token_file",
                    "chat_id", "chat_id_file", "message_thread_id", "message", "disable_notifications",
                    "parse_mode", "http_config")),
            Map.entry("victorops_configs", Set.of("send_resolved", "api_key", "api_key_file", "api_url",
                    "routing_key", "message_type", "entity_display_name", "state_message", "monitoring_tool",
                    "custom_fields", "http_config")),
            Map.entry("wechat_configs", Set.of("send_resolved", "api_secret", "api_secret_file", "api_url",
                    "corp_id", "message", "message_type", "agent_id", "to_user", "to_party", "to_tag",
                    "http_config")),
            Map.entry("webex_configs", Set.of("send_resolved", "api_url", "room_id", "message", "http_config")));

    private final Path baseDir;

    ConfigLoader(Path baseDir) {
        this.baseDir = baseDir == null ? Path.of("").toAbsolutePath() : baseDir;
    }

    AlertmanagerConfig load(String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            throw yamlError(e);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            // An empty document never reaches Config.UnmarshalYAML; config.Load refuses it.
            throw new ConfigException("no route provided in config");
        }
        if (!root.isObject()) {
            throw new ConfigException("yaml: unmarshal errors: cannot unmarshal !!str `" + root.asText()
                    + "` into config.plain");
        }
        Fields top = Fields.of(root, "config.plain");
        Fields global = top.object("global", "config.GlobalConfig");
        GlobalConfig globals = global(global);
        List<Path> templates = new ArrayList<>();
        List<String> templateGlobs = top.strings("templates");
        if (templateGlobs != null) {
            templateGlobs.forEach(t -> templates.add(baseDir.resolve(t)));
        }
        RouteConfig route = top.has("route") ? route(Fields.of(top.raw("route"), "config.Route")) : null;
        List<Fields> receiverFields = new ArrayList<>();
        List<String> receiverNames = new ArrayList<>();
        for (JsonNode r : top.list("receivers")) {
            Fields f = Fields.of(r, "config.Receiver");
            String name = f.string("name", "");
            if (name.isEmpty()) {
                throw new ConfigException("missing name in receiver");
            }
            Map<String, String> labels = f.stringMap("labels");
            if (labels != null && labels.containsKey("name") && !name.equals(labels.get("name"))) {
                throw new ConfigException("receiver label \"name\" must match receiver name \"" + name
                        + "\", got \"" + labels.get("name") + "\"");
            }
            receiverFields.add(f);
            receiverNames.add(name);
        }
        List<InhibitRuleConfig> inhibitRules = new ArrayList<>();
        for (JsonNode r : top.list("inhibit_rules")) {
            inhibitRules.add(inhibitRule(Fields.of(r, "config.InhibitRule")));
        }
        List<Map.Entry<String, List<TimeInterval>>> muteIntervals = namedIntervals(top, "mute_time_intervals",
                "config.MuteTimeInterval", "missing name in mute time interval");
        List<Map.Entry<String, List<TimeInterval>>> timeIntervals = namedIntervals(top, "time_intervals",
                "config.TimeInterval", "missing name in time interval");
        top.raw("tracing");
        top.raw("event_recorder");
        top.done();

        // The checks across sections, in Config.UnmarshalYAML's order.
        List<Receiver> receivers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < receiverFields.size(); i++) {
            String name = receiverNames.get(i);
            if (!names.add(name)) {
                throw new ConfigException("notification config name \"" + name + "\" is not unique");
            }
            receivers.add(receiver(name, receiverFields.get(i), globals, global));
        }
        if (route == null) {
            throw new ConfigException("no routes provided");
        }
        if (route.receiver() == null || route.receiver().isEmpty()) {
            throw new ConfigException("root route must specify a default receiver");
        }
        if (!route.matchers().isEmpty()) {
            throw new ConfigException("root route must not have any matchers");
        }
        if (route.muteTimeIntervals() != null && !route.muteTimeIntervals().isEmpty()) {
            throw new ConfigException("root route must not have any mute time intervals");
        }
        if (route.activeTimeIntervals() != null && !route.activeTimeIntervals().isEmpty()) {
            throw new ConfigException("root route must not have any active time intervals");
        }
        checkReceivers(route, names);
        // Both lists share one namespace; the deprecated one is read first.
        Map<String, List<TimeInterval>> intervals = new LinkedHashMap<>();
        for (Map.Entry<String, List<TimeInterval>> e : muteIntervals) {
            if (intervals.putIfAbsent(e.getKey(), e.getValue()) != null) {
                throw new ConfigException("mute time interval \"" + e.getKey() + "\" is not unique");
            }
        }
        for (Map.Entry<String, List<TimeInterval>> e : timeIntervals) {
            if (intervals.putIfAbsent(e.getKey(), e.getValue()) != null) {
                throw new ConfigException("time interval \"" + e.getKey() + "\" is not unique");
            }
        }
        checkTimeIntervals(route, intervals.keySet());
        // config.Load checks this after decoding everything else.
        if (route.continueMatching()) {
            throw new ConfigException("cannot have continue in root route");
        }
        return new AlertmanagerConfig(globals, route, receivers, inhibitRules, new TimeIntervals(intervals),
                templates, text);
    }

    RouteConfig loadRoute(String text) {
        try {
            return route(Fields.of(YAML.readTree(text), "config.Route"));
        } catch (JacksonException e) {
            throw yamlError(e);
        }
    }

    private static ConfigException yamlError(JacksonException e) {
        String line = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
        java.util.regex.Matcher duplicate = DUPLICATE.matcher(e.getOriginalMessage());
        if (duplicate.find()) {
            return new ConfigException("yaml: unmarshal errors: " + line + "key \"" + duplicate.group(1)
                    + "\" already set in map", e);
        }
        return new ConfigException("yaml: " + line + e.getOriginalMessage(), e);
    }

    private static List<Map.Entry<String, List<TimeInterval>>> namedIntervals(Fields top, String key, String type,
                                                                         String missingName) {
        List<Map.Entry<String, List<TimeInterval>>> out = new ArrayList<>();
        for (JsonNode t : top.list(key)) {
            Fields f = Fields.of(t, type);
            String name = f.string("name", "");
            if (name.isEmpty()) {
                throw new ConfigException(missingName);
            }
            List<TimeInterval> specs = timeIntervalSpecs(f);
            f.done();
            out.add(Map.entry(name, specs));
        }
        return out;
    }

    // ---- global ------------------------------------------------------------------------------------------------

    private GlobalConfig global(Fields g) {
        for (String key : List.of("smtp_auth_password", "smtp_auth_secret", "slack_api_url", "slack_app_token",
                "victorops_api_key", "opsgenie_api_key", "rocketchat_token", "rocketchat_token_id",
                "wechat_api_secret", "telegram_bot_token", "mattermost_webhook_url")) {
            atMostOne(g, key, key + "_file");
        }
        for (String key : List.of("smtp_auth_username", "smtp_auth_identity", "smtp_tls_config",
                "smtp_force_implicit_tls", "jira_api_url", "victorops_api_url", "opsgenie_api_url",
                "rocketchat_api_url", "wechat_api_url", "wechat_api_corp_id", "telegram_api_url", "webex_api_url")) {
            g.raw(key);
        }
        boolean appToken = g.has("slack_app_token") || g.has("slack_app_token_file");
        boolean apiUrl = g.has("slack_api_url") || g.has("slack_api_url_file");
        // Allowed only as the workaround of alertmanager#2513: slack_api_url set to the app URL itself.
        if (appToken && apiUrl && !g.string("slack_app_url", POST_MESSAGE).equals(g.string("slack_api_url"))) {
            throw new ConfigException("at most one of slack_app_token/slack_app_token_file & "
                    + "slack_api_url/slack_api_url_file must be configured");
        }
        Duration resolveTimeout = g.duration("resolve_timeout");
        GlobalConfig config = new GlobalConfig(
                resolveTimeout == null ? GlobalConfig.DEFAULT_RESOLVE_TIMEOUT : resolveTimeout,
                g.has("http_config") ? httpConfig(g.object("http_config", "config.HTTPClientConfig"))
                        : HttpConfig.DEFAULT,
                g.string("smtp_from"), g.string("smtp_smarthost"), g.string("smtp_hello", "localhost"),
                g.bool("smtp_require_tls", true),
                secret(g, "slack_api_url"), secret(g, "slack_app_token"),
                g.string("slack_app_url", POST_MESSAGE), g.string("pagerduty_url", GlobalConfig.DEFAULT_PAGERDUTY_URL));
        g.done();
        return config;
    }

    // ---- routes and matchers -----------------------------------------------------------------------------------

    private RouteConfig route(Fields f) {
        String receiver = f.string("receiver");
        List<String> groupBy = f.strings("group_by");
        if (groupBy != null) {
            // Alertmanager's order: names first, then the wildcard mix, then duplicates.
            for (String l : groupBy) {
                if (!l.equals("...") && !MatcherParser.isClassicLabelName(l)) {
                    throw new ConfigException("invalid label name \"" + l + "\" in group_by list");
                }
            }
            if (groupBy.contains("...") && groupBy.stream().anyMatch(l -> !l.equals("..."))) {
                throw new ConfigException("cannot have wildcard group_by (`...`) and other labels at the same time");
            }
            Set<String> seen = new HashSet<>();
            for (String l : groupBy) {
                if (!l.equals("...") && !seen.add(l)) {
                    throw new ConfigException("duplicated label \"" + l + "\" in group_by");
                }
            }
        }
        List<Matcher> matchers = new ArrayList<>(matcherList(f, "matchers"));
        matchers.addAll(classic(f, "match", false));
        matchers.addAll(classic(f, "match_re", true));
        Map<String, String> labels = f.stringMap("labels");
        if (labels != null) {
            for (String name : labels.keySet()) {
                if (!MatcherParser.isClassicLabelName(name)) {
                    throw new ConfigException("invalid label name \"" + name + "\" in route labels");
                }
            }
        }
        boolean cont = f.bool("continue", false);
        Duration groupWait = f.duration("group_wait");
        Duration groupInterval = f.duration("group_interval");
        Duration repeatInterval = f.duration("repeat_interval");
        if (groupInterval != null && groupInterval.isZero()) {
            throw new ConfigException("group_interval cannot be zero");
        }
        if (repeatInterval != null && repeatInterval.isZero()) {
            throw new ConfigException("repeat_interval cannot be zero");
        }
        List<String> mute = f.strings("mute_time_intervals");
        List<String> active = f.strings("active_time_intervals");
        List<RouteConfig> children = new ArrayList<>();
        for (JsonNode child : f.list("routes")) {
            children.add(route(Fields.of(child, "config.Route")));
        }
        f.done();
        return new RouteConfig(receiver == null || receiver.isEmpty() ? null : receiver, groupBy,
                new Matchers(matchers), labels, cont, groupWait, groupInterval, repeatInterval, mute, active,
                children);
    }

    /** A {@code matchers:} list: each entry one or more matchers in any syntax. */
    private static List<Matcher> matcherList(Fields f, String key) {
        List<String> lines = f.strings(key);
        List<Matcher> out = new ArrayList<>();
        if (lines != null) {
            for (String line : lines) {
                try {
                    out.addAll(MatcherParser.parseMatchers(line));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(e.getMessage(), e);
                }
            }
        }
        return out;
    }

    /** {@code match:} / {@code match_re:} maps, with their label-name check and the null-value refusal. */
    private static List<Matcher> classic(Fields f, String key, boolean regex) {
        Map<String, String> map = f.stringMap(key);
        if (map == null) {
            return List.of();
        }
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (!MatcherParser.isClassicLabelName(e.getKey())) {
                throw new ConfigException("invalid label name \"" + e.getKey() + "\"");
            }
            if (e.getValue() == null && regex) {
                // A key without value leaves Go's Regexp unset, and MatchRegexps refuses it naming the label.
                throw new ConfigException("invalid regexp value for \"" + e.getKey() + "\"");
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        map.forEach((k, v) -> values.put(k, v == null ? "" : v));
        try {
            return regex ? MatcherParser.fromMatchRe(values) : MatcherParser.fromMatch(values);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** Children before the node itself, so the deepest undefined receiver is named, as Alertmanager does. */
    private static void checkReceivers(RouteConfig route, Set<String> names) {
        route.routes().forEach(r -> checkReceivers(r, names));
        if (route.receiver() != null && !names.contains(route.receiver())) {
            throw new ConfigException("undefined receiver \"" + route.receiver() + "\" used in route");
        }
    }

    private static void checkTimeIntervals(RouteConfig route, Set<String> defined) {
        route.routes().forEach(r -> checkTimeIntervals(r, defined));
        for (List<String> names : java.util.Arrays.asList(route.muteTimeIntervals(), route.activeTimeIntervals())) {
            if (names != null) {
                for (String name : names) {
                    if (!defined.contains(name)) {
                        throw new ConfigException("undefined time interval \"" + name + "\" used in route");
                    }
                }
            }
        }
    }

    // ---- inhibit rules -----------------------------------------------------------------------------------------

    private static InhibitRuleConfig inhibitRule(Fields f) {
        String name = f.string("name", "");
        List<Matcher> source = new ArrayList<>(matcherList(f, "source_matchers"));
        source.addAll(classic(f, "source_match", false));
        source.addAll(classic(f, "source_match_re", true));
        List<Matcher> target = new ArrayList<>(matcherList(f, "target_matchers"));
        target.addAll(classic(f, "target_match", false));
        target.addAll(classic(f, "target_match_re", true));
        List<String> equal = f.strings("equal");
        if (equal != null) {
            for (String l : equal) {
                if (!MatcherParser.isClassicLabelName(l)) {
                    throw new ConfigException("invalid label name \"" + l + "\" in equal list");
                }
            }
        }
        f.done();
        return new InhibitRuleConfig(name, new Matchers(source), new Matchers(target),
                equal == null ? List.of() : equal);
    }

    // ---- time intervals ----------------------------------------------------------------------------------------

    private static List<TimeInterval> timeIntervalSpecs(Fields f) {
        List<TimeInterval> out = new ArrayList<>();
        for (JsonNode specNode : f.list("time_intervals")) {
            Fields spec = Fields.of(specNode, "timeinterval.TimeInterval");
            try {
                List<TimeInterval.Range> times = new ArrayList<>();
                for (JsonNode t : spec.list("times")) {
                    Fields tf = Fields.of(t, "timeinterval.TimeRange");
                    times.add(TimeIntervalParser.timeRange(tf.string("start_time"), tf.string("end_time")));
                    tf.done();
                }
                List<TimeInterval.Range> weekdays = ranges(spec, "weekdays", TimeIntervalParser::weekdays);
                List<TimeInterval.Range> days = ranges(spec, "days_of_month", TimeIntervalParser::daysOfMonth);
                List<TimeInterval.Range> months = ranges(spec, "months", TimeIntervalParser::months);
                List<TimeInterval.Range> years = ranges(spec, "years", TimeIntervalParser::years);
                ZoneId location = TimeIntervalParser.location(spec.string("location"));
                spec.done();
                out.add(new TimeInterval(times, weekdays, days, months, years, location));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage(), e);
            }
        }
        return out;
    }

    private static List<TimeInterval.Range> ranges(Fields f, String key, Function<String, TimeInterval.Range> parse) {
        List<String> texts = f.strings(key);
        List<TimeInterval.Range> out = new ArrayList<>();
        if (texts != null) {
            texts.forEach(t -> out.add(parse.apply(t)));
        }
        return out;
    }

    // ---- receivers ---------------------------------------------------------------------------------------------

    private Receiver receiver(String name, Fields f, GlobalConfig globals, Fields global) {
        Map<String, String> labels = f.stringMap("labels");
        List<WebhookConfig> webhooks = new ArrayList<>();
        for (JsonNode n : f.list("webhook_configs")) {
            webhooks.add(webhook(Fields.of(n, "config.WebhookConfig"), globals));
        }
        List<SlackConfig> slacks = new ArrayList<>();
        for (JsonNode n : f.list("slack_configs")) {
            slacks.add(slack(Fields.of(n, "config.SlackConfig"), globals));
        }
        List<PagerdutyConfig> pagerduties = new ArrayList<>();
        for (JsonNode n : f.list("pagerduty_configs")) {
            pagerduties.add(pagerduty(Fields.of(n, "config.PagerdutyConfig"), globals));
        }
        List<Receiver.Unsupported> unsupported = new ArrayList<>();
        for (Map.Entry<String, Set<String>> type : new java.util.TreeMap<>(OTHER_FIELDS).entrySet()) {
            List<JsonNode> configs = f.list(type.getKey());
            for (int i = 0; i < configs.size(); i++) {
                Fields c = Fields.of(configs.get(i), typeName(type.getKey()));
                type.getValue().forEach(c::raw);
                if (c.has("http_config")) {
                    httpConfig(c.object("http_config", "config.HTTPClientConfig"));
                }
                c.done();
                validateOther(type.getKey(), c, global);
                unsupported.add(new Receiver.Unsupported(type.getKey(), i));
            }
        }
        f.done();
        return new Receiver(name, labels == null ? Map.of() : labels, webhooks, slacks, pagerduties, unsupported);
    }

    private static String typeName(String configsKey) {
        String base = configsKey.substring(0, configsKey.length() - "_configs".length());
        return "config." + Character.toUpperCase(base.charAt(0)) + base.substring(1) + "Config";
    }

    /** The checks Alertmanager makes on the integrations Fluxtap only validates. */
    private static void validateOther(String type, Fields c, Fields g) {
        switch (type) {
            case "email_configs" -> {
                if (!c.has("to")) {
                    throw new ConfigException("missing to address in email config");
                }
                if (!c.has("smarthost") && !g.has("smtp_smarthost")) {
                    throw new ConfigException("no global SMTP smarthost set");
                }
                if (!c.has("from") && !g.has("smtp_from")) {
                    throw new ConfigException("no global SMTP from set");
                }
                atMostOne(c, "auth_password", "auth_password_file");
                atMostOne(c, "auth_secret", "auth_secret_file");
            }
            case "opsgenie_configs" -> {
                atMostOne(c, "api_key", "api_key_file");
                if (!c.has("api_key") && !c.has("api_key_file") && !g.has("opsgenie_api_key")
                        && !g.has("opsgenie_api_key_file")) {
                    throw new ConfigException("no global OpsGenie API Key set either inline or in a file");
                }
            }
            case "victorops_configs" -> {
                atMostOne(c, "api_key", "api_key_file");
                if (!c.has("routing_key")) {
                    throw new ConfigException("missing Routing key in VictorOps config");
                }
                if (!c.has("api_key") && !c.has("api_key_file") && !g.has("victorops_api_key")
                        && !g.has("victorops_api_key_file")) {
                    throw new ConfigException("no global VictorOps API Key set");
                }
            }
            case "rocketchat_configs" -> {
                atMostOne(c, "token", "token_file");
                atMostOne(c, "token_id", "token_id_file");
                if (!c.has("token_id") && !c.has("token_id_file") && !g.has("rocketchat_token_id")
                        && !g.has("rocketchat_token_id_file")) {
                    throw new ConfigException("no global Rocketchat TokenID set either inline or in a file");
                }
                if (!c.has("token") && !c.has("token_file") && !g.has("rocketchat_token")
                        && !g.has("rocketchat_token_file")) {
                    throw new ConfigException("no global Rocketchat Token set either inline or in a file");
                }
            }
            case "wechat_configs" -> {
                atMostOne(c, "api_secret", "api_secret_file");
                if (!c.has("api_secret") && !c.has("api_secret_file") && !g.has("wechat_api_secret")
                        && !g.has("wechat_api_secret_file")) {
                    throw new ConfigException("no global Wechat Api Secret set either inline or in a file");
                }
                if (!c.has("corp_id") && !g.has("wechat_api_corp_id")) {
                    throw new ConfigException("no global Wechat CorpID set");
                }
            }
            case "telegram_configs" -> {
                atMostOne(c, "bot_token", "bot_token_file");
                if (!c.has("bot_token") && !c.has("bot_token_file") && !g.has("telegram_bot_token")
                        && !g.has("telegram_bot_token_file")) {
                    throw new ConfigException("missing bot_token or bot_token_file on telegram_config");
                }
                if (!c.has("chat_id") && !c.has("chat_id_file")) {
                    throw new ConfigException("missing chat_id or chat_id_file on telegram_config");
                }
            }
            case "mattermost_configs" -> {
                atMostOne(c, "webhook_url", "webhook_url_file");
                if (!c.has("webhook_url") && !c.has("webhook_url_file") && !g.has("mattermost_webhook_url")
                        && !g.has("mattermost_webhook_url_file")) {
                    throw new ConfigException("missing webhook_url or webhook_url_file on mattermost_config");
                }
            }
            case "sns_configs" -> {
                if (!c.has("target_arn") && !c.has("topic_arn") && !c.has("phone_number")) {
                    throw new ConfigException(
                            "must provide either a Target ARN, Topic ARN, or Phone Number for SNS config");
                }
            }
            case "pushover_configs" -> {
                atMostOne(c, "user_key", "user_key_file");
                atMostOne(c, "token", "token_file");
                if (!c.has("user_key") && !c.has("user_key_file")) {
                    throw new ConfigException("one of user_key or user_key_file must be configured");
                }
                if (!c.has("token") && !c.has("token_file")) {
                    throw new ConfigException("one of token or token_file must be configured");
                }
            }
            case "discord_configs", "msteams_configs", "msteamsv2_configs" -> {
                atMostOne(c, "webhook_url", "webhook_url_file");
                if (!c.has("webhook_url") && !c.has("webhook_url_file")) {
                    throw new ConfigException("one of webhook_url or webhook_url_file must be configured");
                }
            }
            default -> {
                // jira, incidentio, webex: their own checks are not in the conformance material; the strict field
                // check above still applies.
            }
        }
    }

    private WebhookConfig webhook(Fields f, GlobalConfig globals) {
        if (f.string("url", "").isEmpty() && f.string("url_file", "").isEmpty()) {
            throw new ConfigException("one of url or url_file must be configured");
        }
        atMostOne(f, "url", "url_file");
        Secret url = secret(f, "url");
        Integer maxAlerts = f.integer("max_alerts");
        if (maxAlerts != null && maxAlerts < 0) {
            throw new ConfigException("max_alerts must not be negative");
        }
        Duration timeout = f.duration("timeout");
        JsonNode payload = f.raw("payload");
        f.raw("endpoint");
        WebhookConfig config = new WebhookConfig(f.bool("send_resolved", true), url, http(f, globals),
                maxAlerts == null ? 0 : maxAlerts, timeout == null ? Duration.ZERO : timeout,
                payload == null || payload.isNull() ? null : payload.deepCopy());
        f.done();
        return config;
    }

    /**
     * A Slack config, in Alertmanager's two steps: the decode checks of {@code SlackConfig.UnmarshalYAML}, then the
     * global defaults of {@code Config.UnmarshalYAML}. With a bot token the message goes to {@code app_url} with the
     * token as a Bearer Authorization header; {@link SlackConfig#apiUrl()} is then the app URL.
     */
    private SlackConfig slack(Fields f, GlobalConfig globals) {
        atMostOne(f, "api_url", "api_url_file");
        atMostOne(f, "app_token", "app_token_file");
        Secret apiUrl = secret(f, "api_url");
        Secret appToken = secret(f, "app_token");
        if (apiUrl != null && appToken != null) {
            throw new ConfigException(
                    "at most one of api_url/api_url_file & app_token/app_token_file must be configured");
        }
        boolean update = f.bool("update_message", false);
        if (update && (apiUrl == null || !POST_MESSAGE.equals(apiUrl.inline()))) {
            throw new ConfigException("update_message can only be used with bot tokens. api_url must be set to "
                    + POST_MESSAGE);
        }
        String appUrl = f.string("app_url", globals.slackAppUrl());
        boolean localHttp = f.has("http_config");
        HttpConfig http = http(f, globals);
        // The global app token only when the receiver brings neither its own Authorization nor a webhook URL.
        if (appToken == null && (!localHttp || http.authorization() == null) && apiUrl == null) {
            appToken = globals.slackAppToken();
        }
        if (apiUrl == null) {
            apiUrl = globals.slackApiUrl();
        }
        if (apiUrl == null && appToken == null) {
            throw new ConfigException("no Slack API URL nor App token set either inline or in a file");
        }
        if (appToken != null) {
            if (http.authorization() != null) {
                throw new ConfigException("http authorization can't be set when using Slack App tokens");
            }
            http = http.withAuthorization(new HttpConfig.Authorization("Bearer", appToken));
            apiUrl = new Secret(appUrl, null);
        }
        boolean shortFields = f.bool("short_fields", false);
        List<SlackConfig.Field> fields = new ArrayList<>();
        for (JsonNode n : f.list("fields")) {
            Fields ff = Fields.of(n, "config.SlackField");
            String title = ff.string("title", "");
            String value = ff.string("value", "");
            if (title.isEmpty()) {
                throw new ConfigException("missing title in Slack field configuration");
            }
            if (value.isEmpty()) {
                throw new ConfigException("missing value in Slack field configuration");
            }
            fields.add(new SlackConfig.Field(title, value, ff.bool("short")));
            ff.done();
        }
        List<SlackConfig.Action> actions = new ArrayList<>();
        for (JsonNode n : f.list("actions")) {
            Fields a = Fields.of(n, "config.SlackAction");
            String type = a.string("type", "");
            String text = a.string("text", "");
            String url = a.string("url", "");
            String name = a.string("name", "");
            if (type.isEmpty()) {
                throw new ConfigException("missing type in Slack action configuration");
            }
            if (text.isEmpty()) {
                throw new ConfigException("missing text in Slack action configuration");
            }
            if (url.isEmpty() && name.isEmpty()) {
                throw new ConfigException("missing name or url in Slack action configuration");
            }
            SlackConfig.Confirm confirm = null;
            if (a.has("confirm")) {
                Fields c = a.object("confirm", "config.SlackConfirmationField");
                String ctext = c.string("text", "");
                if (ctext.isEmpty()) {
                    throw new ConfigException("missing text in Slack confirmation configuration");
                }
                confirm = new SlackConfig.Confirm(ctext, c.string("title", ""), c.string("ok_text", ""),
                        c.string("dismiss_text", ""));
                c.done();
            }
            actions.add(new SlackConfig.Action(type, text, url, a.string("style", ""), name,
                    a.string("value", ""), confirm));
            a.done();
        }
        List<String> mrkdwnIn = f.strings("mrkdwn_in");
        Duration timeout = f.duration("timeout");
        SlackConfig config = new SlackConfig(f.bool("send_resolved", false), apiUrl, appToken, appUrl, http,
                f.string("channel", ""), f.string("username", SlackConfig.DEFAULT_USERNAME),
                f.string("color", SlackConfig.DEFAULT_COLOR), f.string("title", SlackConfig.DEFAULT_TITLE),
                f.string("title_link", SlackConfig.DEFAULT_TITLE_LINK),
                f.string("pretext", SlackConfig.DEFAULT_PRETEXT), f.string("text", SlackConfig.DEFAULT_TEXT),
                fields, shortFields, f.string("footer", SlackConfig.DEFAULT_FOOTER),
                f.string("fallback", SlackConfig.DEFAULT_FALLBACK),
                f.string("callback_id", SlackConfig.DEFAULT_CALLBACK_ID),
                f.string("icon_emoji", SlackConfig.DEFAULT_ICON_EMOJI),
                f.string("icon_url", SlackConfig.DEFAULT_ICON_URL), f.string("image_url", ""),
                f.string("thumb_url", ""), f.bool("link_names", false),
                mrkdwnIn == null ? SlackConfig.DEFAULT_MRKDWN_IN : List.copyOf(mrkdwnIn), actions,
                f.string("message_text", ""), update, timeout == null ? Duration.ZERO : timeout);
        f.done();
        return config;
    }

    private PagerdutyConfig pagerduty(Fields f, GlobalConfig globals) {
        atMostOne(f, "routing_key", "routing_key_file");
        atMostOne(f, "service_key", "service_key_file");
        Secret routingKey = secret(f, "routing_key");
        Secret serviceKey = secret(f, "service_key");
        if (routingKey == null && serviceKey == null) {
            throw new ConfigException("missing service or routing key in PagerDuty config");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        JsonNode configured = f.raw("details");
        if (configured != null && !configured.isNull()) {
            if (!configured.isObject()) {
                throw new ConfigException("cannot unmarshal !!seq into map[string]interface {} (details)");
            }
            configured.properties().forEach(e -> details.put(e.getKey(), YAML.convertValue(e.getValue(), Object.class)));
        }
        PagerdutyConfig.DEFAULT_DETAILS.forEach(details::putIfAbsent);
        List<PagerdutyConfig.Image> images = new ArrayList<>();
        for (JsonNode n : f.list("images")) {
            Fields i = Fields.of(n, "config.PagerdutyImage");
            images.add(new PagerdutyConfig.Image(i.string("src", ""), i.string("alt", ""), i.string("href", "")));
            i.done();
        }
        List<PagerdutyConfig.Link> links = new ArrayList<>();
        for (JsonNode n : f.list("links")) {
            Fields l = Fields.of(n, "config.PagerdutyLink");
            links.add(new PagerdutyConfig.Link(l.string("href", ""), l.string("text", "")));
            l.done();
        }
        String client = f.string("client", PagerdutyConfig.DEFAULT_CLIENT);
        Duration timeout = f.duration("timeout");
        PagerdutyConfig config = new PagerdutyConfig(f.bool("send_resolved", true), routingKey, serviceKey,
                f.string("url", globals.pagerdutyUrl()), client,
                f.string("client_url", PagerdutyConfig.DEFAULT_CLIENT_URL),
                f.string("description", PagerdutyConfig.DEFAULT_DESCRIPTION), details, images, links,
                f.string("source", client), f.string("severity", PagerdutyConfig.DEFAULT_SEVERITY),
                f.string("class", ""), f.string("component", ""), f.string("group", ""), http(f, globals),
                timeout == null ? Duration.ZERO : timeout);
        f.done();
        return config;
    }

    private HttpConfig http(Fields f, GlobalConfig globals) {
        return f.has("http_config") ? httpConfig(f.object("http_config", "config.HTTPClientConfig"))
                : globals.httpConfig();
    }

    /** Prometheus common's {@code HTTPClientConfig.Validate}, with its messages. */
    private HttpConfig httpConfig(Fields h) {
        boolean bearer = h.has("bearer_token");
        boolean bearerFile = h.has("bearer_token_file");
        if (bearer && bearerFile) {
            throw new ConfigException("at most one of bearer_token & bearer_token_file must be configured");
        }
        boolean basic = h.has("basic_auth");
        boolean oauth2 = h.has("oauth2");
        if ((basic || oauth2) && (bearer || bearerFile)) {
            throw new ConfigException(
                    "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
        }
        HttpConfig.BasicAuth basicAuth = null;
        if (basic) {
            Fields b = h.object("basic_auth", "config.BasicAuth");
            if (!b.string("username", "").isEmpty() && !b.string("username_file", "").isEmpty()) {
                throw new ConfigException("at most one of basic_auth username & username_file must be configured");
            }
            if (!b.string("password", "").isEmpty() && !b.string("password_file", "").isEmpty()) {
                throw new ConfigException("at most one of basic_auth password & password_file must be configured");
            }
            basicAuth = new HttpConfig.BasicAuth(b.string("username", ""), fileSecret(b.string("username_file")),
                    secret(b, "password"));
            b.done();
        }
        HttpConfig.Authorization authorization = null;
        if (h.has("authorization")) {
            Fields a = h.object("authorization", "config.Authorization");
            if (bearer || bearerFile) {
                throw new ConfigException("authorization is not compatible with bearer_token & bearer_token_file");
            }
            if (!a.string("credentials", "").isEmpty() && !a.string("credentials_file", "").isEmpty()) {
                throw new ConfigException(
                        "at most one of authorization credentials & credentials_file must be configured");
            }
            String type = a.string("type", "").strip();
            if (type.isEmpty()) {
                type = "Bearer";
            }
            if (type.equalsIgnoreCase("basic")) {
                throw new ConfigException(
                        "authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
            }
            if (basic || oauth2) {
                throw new ConfigException("at most one of basic_auth, oauth2 & authorization must be configured");
            }
            authorization = new HttpConfig.Authorization(type, secret(a, "credentials"));
            a.done();
        } else if (bearer || bearerFile) {
            authorization = new HttpConfig.Authorization("Bearer", secret(h, "bearer_token"));
        }
        if (oauth2) {
            Fields o = h.object("oauth2", "config.OAuth2");
            if (o.string("client_id", "").isEmpty()) {
                throw new ConfigException("oauth2 client_id must be configured");
            }
            if (o.string("token_url", "").isEmpty()) {
                throw new ConfigException("oauth2 token_url must be configured");
            }
            atMostOne(o, "client_secret", "client_secret_file");
        }
        HttpConfig.TlsConfig tls = HttpConfig.TlsConfig.DEFAULT;
        if (h.has("tls_config")) {
            Fields t = h.object("tls_config", "config.TLSConfig");
            for (String k : List.of("ca", "cert", "key")) {
                if (t.has(k) && t.has(k + "_file")) {
                    throw new ConfigException("at most one of " + k + " and " + k + "_file must be configured");
                }
            }
            boolean cert = t.has("cert") || t.has("cert_file");
            boolean key = t.has("key") || t.has("key_file");
            if (cert && !key) {
                throw new ConfigException(
                        "exactly one of key or key_file must be configured when a client certificate is configured");
            }
            if (key && !cert) {
                throw new ConfigException(
                        "exactly one of cert or cert_file must be configured when a client key is configured");
            }
            t.raw("max_version");
            tls = new HttpConfig.TlsConfig(file(t.string("ca_file")), file(t.string("cert_file")),
                    file(t.string("key_file")), t.string("server_name"), t.bool("insecure_skip_verify", false),
                    t.string("min_version"));
            t.done();
        }
        String proxy = h.string("proxy_url");
        if (proxy != null) {
            try {
                new java.net.URI(proxy);
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException("parse \"" + proxy + "\": " + e.getReason());
            }
        }
        for (String k : List.of("no_proxy", "proxy_from_environment", "proxy_connect_header", "http_headers")) {
            h.raw(k);
        }
        HttpConfig config = new HttpConfig(authorization, basicAuth, tls, proxy, h.bool("follow_redirects", true),
                h.bool("enable_http2", true), oauth2);
        h.done();
        return config;
    }

    // ---- secrets -----------------------------------------------------------------------------------------------

    private static void atMostOne(Fields f, String key, String fileKey) {
        boolean inline = !f.string(key, "").isEmpty();
        boolean file = !f.string(fileKey, "").isEmpty();
        if (inline && file) {
            throw new ConfigException("at most one of " + key + " & " + fileKey + " must be configured");
        }
    }

    /** {@code key} inline or {@code key_file} resolved against the config's directory; null when neither. */
    private Secret secret(Fields f, String key) {
        String inline = f.string(key, "");
        String file = f.string(key + "_file", "");
        return Secret.of(inline.isEmpty() ? null : inline, file.isEmpty() ? null : baseDir.resolve(file));
    }

    private Secret fileSecret(String file) {
        return file == null || file.isEmpty() ? null : new Secret(null, baseDir.resolve(file));
    }

    private String file(String name) {
        return name == null || name.isEmpty() ? null : baseDir.resolve(name).toString();
    }
}
