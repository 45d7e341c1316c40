package io.fluxtap.alerting.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.alerting.Conformance;
import io.fluxtap.alerting.dispatch.Route;
import io.fluxtap.api.Labels;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The config loader against ../shared/conformance/alertmanager (README "Config-loader expectations"). */
class AlertmanagerConfigTest {

    private static final Path TESTDATA = Conformance.ALERTMANAGER.resolve("config-testdata");

    /** The files that must load, per the README; every other file must fail. */
    private static final Set<String> GOOD = Set.of("conf.good.yml", "conf.empty-fields.yml",
            "conf.http-config.good.yml", "conf.group-by-all.yml", "conf.smtp-no-username-or-password.yml",
            "conf.smtp-password-global-and-local.yml", "conf.sns-topic-arn.yml");

    /** The documented reasons of the failing files (a substring of the message). */
    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("conf.smtp-both-password-and-file.yml",
                    "at most one of smtp_auth_password & smtp_auth_password_file must be configured"),
            Map.entry("conf.slack-both-url-and-token.yml", "at most one of slack_app_token/slack_app_token_file & "
                    + "slack_api_url/slack_api_url_file must be configured"),
            Map.entry("conf.slack-both-file-and-url.yml",
                    "at most one of slack_api_url & slack_api_url_file must be configured"),
            Map.entry("conf.slack-both-file-and-token.yml",
                    "at most one of slack_app_token & slack_app_token_file must be configured"),
            Map.entry("conf.mattermost-both-webhook-url-and-file.yml",
                    "at most one of mattermost_webhook_url & mattermost_webhook_url_file must be configured"),
            Map.entry("conf.mattermost-valid-receiver-both-webhook-url-and-file.yml",
                    "at most one of mattermost_webhook_url & mattermost_webhook_url_file must be configured"),
            Map.entry("conf.opsgenie-both-file-and-apikey.yml",
                    "at most one of opsgenie_api_key & opsgenie_api_key_file must be configured"),
            Map.entry("conf.rocketchat-both-token-and-tokenfile.yml",
                    "at most one of rocketchat_token & rocketchat_token_file must be configured"),
            Map.entry("conf.rocketchat-both-tokenid-and-tokenidfile.yml",
                    "at most one of rocketchat_token_id & rocketchat_token_id_file must be configured"),
            Map.entry("conf.telegram-both-bot-token-and-file.yml",
                    "at most one of telegram_bot_token & telegram_bot_token_file must be configured"),
            Map.entry("conf.telegram-valid-receiver-both-bot-token-and-file.yml",
                    "at most one of telegram_bot_token & telegram_bot_token_file must be configured"),
            Map.entry("conf.victorops-both-file-and-apikey.yml",
                    "at most one of victorops_api_key & victorops_api_key_file must be configured"),
            Map.entry("conf.wechat-both-file-and-secret.yml",
                    "at most one of wechat_api_secret & wechat_api_secret_file must be configured"),
            Map.entry("conf.victorops-no-apikey.yml", "no global VictorOps API Key set"),
            Map.entry("conf.opsgenie-no-apikey.yml", "no global OpsGenie API Key set either inline or in a file"),
            Map.entry("conf.slack-no-api-url-or-token.yml",
                    "no Slack API URL nor App token set either inline or in a file"),
            Map.entry("conf.rocketchat-no-token.yml", "no global Rocketchat Token set either inline or in a file"),
            Map.entry("conf.wechat-no-api-secret.yml", "no global Wechat Api Secret set either inline or in a file"),
            Map.entry("conf.telegram-no-bot-token.yml", "missing bot_token or bot_token_file on telegram_config"),
            Map.entry("conf.mattermost-no-webhook-url.yml",
                    "missing webhook_url or webhook_url_file on mattermost_config"),
            Map.entry("conf.slack-update-message-and-webhook.yml", "update_message can only be used with bot "
                    + "tokens. api_url must be set to https://slack.com/api/chat.postMessage"),
            Map.entry("conf.sns-invalid.yml",
                    "must provide either a Target ARN, Topic ARN, or Phone Number for SNS config"),
            Map.entry("conf.opsgenie-default-apikey-old-team.yml", "field teams not found"),
            Map.entry("conf.nil-match_re-route.yml", "invalid_label"),
            Map.entry("conf.nil-source_match_re-inhibition.yml", "invalid_source_label"),
            Map.entry("conf.nil-target_match_re-inhibition.yml", "invalid_target_label"));

    @TestFactory
    Stream<DynamicTest> everyTestdataFileLoadsOrFailsAsDocumented() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(TESTDATA)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                boolean good = GOOD.contains(name)
                        || name.contains("-default-") && !name.equals("conf.opsgenie-default-apikey-old-team.yml");
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    if (good) {
                        AlertmanagerConfig.load(file);
                    } else {
                        ConfigException e = assertThrows(ConfigException.class, () -> AlertmanagerConfig.load(file));
                        String reason = REASONS.get(name);
                        assertTrue(reason != null, "no documented reason for " + name + ": " + e.getMessage());
                        assertTrue(e.getMessage().contains(reason), e.getMessage());
                    }
                }));
            }
        }
        assertEquals(46, tests.size());
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> derivedValidationCasesFailWithTheExactMessage() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Conformance.yaml("derived/config-validation-cases.yaml").get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                ConfigException e = assertThrows(ConfigException.class,
                        () -> AlertmanagerConfig.parse(c.get("config").asText(), Path.of(".")));
                assertEquals(c.get("expected_error").asText(), e.getMessage());
            }));
        }
        assertEquals(20, tests.size());
        return tests.stream();
    }

    @Test
    void cliRoutingFilesAndExamplesLoadAndBadFails() throws IOException {
        Path cli = Conformance.ALERTMANAGER.resolve("cli-routing");
        for (String good : List.of("conf.good.yml", "conf.routing.yml", "conf.routing-reverted.yml")) {
            AlertmanagerConfig.load(cli.resolve(good));
        }
        assertThrows(ConfigException.class, () -> AlertmanagerConfig.load(cli.resolve("conf.bad.yml")));
        Path examples = Conformance.ALERTMANAGER.resolve("examples");
        for (String example : List.of("simple.yml", "route_labels.yml", "ha-alertmanager.yml")) {
            AlertmanagerConfig.load(examples.resolve(example));
        }
    }

    @Test
    void goodConfigGivesTypedReceiversAndTree() throws IOException {
        AlertmanagerConfig config = AlertmanagerConfig.load(TESTDATA.resolve("conf.good.yml"));
        assertEquals(Duration.ofMinutes(5), config.global().resolveTimeout());
        assertEquals("http://127.0.0.1:1025", config.global().httpConfig().proxyUrl());
        assertEquals(Duration.ofHours(3), config.route().repeatInterval());
        assertEquals(List.of("email_configs[0]"),
                config.receiver("team-X-mails").orElseThrow().unsupported().stream().map(Object::toString).toList());
        PagerdutyConfig pd = config.receiver("team-X-pager").orElseThrow().pagerduties().getFirst();
        assertEquals("mysecret", pd.routingKey().value());
        assertEquals(GlobalConfig.DEFAULT_PAGERDUTY_URL, pd.url());
        assertTrue(pd.sendResolved());
        assertEquals("error", pd.severity());
        assertEquals(PagerdutyConfig.DEFAULT_CLIENT, pd.source());
        assertEquals(Set.of("firing", "resolved", "num_firing", "num_resolved"), pd.details().keySet());
        assertEquals("http://127.0.0.1:1025", pd.httpConfig().proxyUrl(), "the global http_config is inherited");
        SlackConfig slack = config.receiver("slack-receiver").orElseThrow().slacks().getFirst();
        assertEquals("http://mysecret.example.com/", slack.apiUrl().value());
        assertEquals("#my-channel", slack.channel());
        assertEquals("{{ template \"slack.default.title\" . }}", slack.title());
        assertEquals(SlackConfig.DEFAULT_USERNAME, slack.username());
        assertEquals(List.of("fallback", "pretext", "text"), slack.mrkdwnIn());
        assertFalse(slack.sendResolved());
        assertEquals("http://some.img.com/img.png", slack.imageUrl());
        assertEquals(1, config.inhibitRules().size());
        assertEquals(List.of("alertname", "cluster", "service"), config.inhibitRules().getFirst().equal());
        Route root = Route.of(config.route());
        assertEquals(List.of("team-X-pager"), root.match(Labels.of("service", "foo1", "severity", "critical"))
                .stream().map(m -> m.opts().receiver()).toList());
        assertEquals(List.of("team-X-pager", "team-Y-pager"),
                root.match(Labels.of("service", "database", "owner2", "team-X", "owner", "team-Y")).stream()
                        .map(m -> m.opts().receiver()).toList());
    }

    @Test
    void webhookDefaultsAndSecretsAndTemplatesResolveAgainstTheConfigDirectory(@TempDir Path dir)
            throws IOException {
        Files.writeString(dir.resolve("hook-url"), "http://127.0.0.1:9/hook\n");
        Files.createDirectories(dir.resolve("tmpl"));
        Files.writeString(dir.resolve("tmpl/b.tmpl"), "");
        Files.writeString(dir.resolve("tmpl/a.tmpl"), "");
        Files.writeString(dir.resolve("tmpl/c.txt"), "");
        Path file = dir.resolve("alertmanager.yml");
        Files.writeString(file, """
                templates: ['tmpl/*.tmpl']
                route:
                  receiver: hook
                  group_by: ['...']
                  group_wait: 1h30m
                  group_interval: 1d
                  repeat_interval: 1w
                receivers:
                - name: hook
                  webhook_configs:
                  - url_file: hook-url
                    max_alerts: 3
                    http_config:
                      bearer_token: abc
                """);
        AlertmanagerConfig config = AlertmanagerConfig.load(file);
        WebhookConfig hook = config.receiver("hook").orElseThrow().webhooks().getFirst();
        assertEquals("http://127.0.0.1:9/hook", hook.url().value());
        assertTrue(hook.sendResolved());
        assertEquals(3, hook.maxAlerts());
        assertEquals("Bearer", hook.httpConfig().authorization().type());
        assertEquals("abc", hook.httpConfig().authorization().credentials().value());
        assertEquals(List.of(dir.resolve("tmpl/a.tmpl"), dir.resolve("tmpl/b.tmpl")), config.templateFiles());
        assertEquals(List.of("..."), config.route().groupBy());
        assertEquals(Duration.ofMinutes(90), config.route().groupWait());
        assertEquals(Duration.ofDays(1), config.route().groupInterval());
        assertEquals(Duration.ofDays(7), config.route().repeatInterval());
        assertTrue(Route.of(config.route()).opts().groupByAll());
    }

    @Test
    void unknownFieldsAreRefusedNamingTheFieldAndType() {
        ConfigException e = assertThrows(ConfigException.class, () -> AlertmanagerConfig.parse("""
                route:
                  receiver: r
                  group_wiat: 1m
                receivers: [{name: r}]
                """, Path.of(".")));
        assertEquals("yaml: unmarshal errors: field group_wiat not found in type config.Route", e.getMessage());
        e = assertThrows(ConfigException.class, () -> AlertmanagerConfig.parse("""
                route: {receiver: r}
                receivers:
                - name: r
                  slack_configs: [{api_url: 'http://x', chanel: '#a'}]
                """, Path.of(".")));
        assertTrue(e.getMessage().contains("field chanel not found in type config.SlackConfig"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> AlertmanagerConfig.parse("""
                global: {smtp_host: x}
                route: {receiver: r}
                receivers: [{name: r}]
                """, Path.of(".")));
        assertTrue(e.getMessage().contains("field smtp_host not found"), e.getMessage());
    }

    @Test
    void aKeyGivenTwiceIsRefusedAsGoStrictYamlDoes() {
        ConfigException e = assertThrows(ConfigException.class, () -> AlertmanagerConfig.parse("""
                route:
                  receiver: a
                  receiver: b
                receivers: [{name: a}, {name: b}]
                """, Path.of(".")));
        assertEquals("yaml: unmarshal errors: line 3: key \"receiver\" already set in map", e.getMessage());
    }

    @Test
    void httpConfigIsValidatedAsPrometheusCommon() {
        for (String[] c : new String[][] {
            {"{bearer_token: a, bearer_token_file: b}", "at most one of bearer_token & bearer_token_file must be configured"},
            {"{basic_auth: {username: u}, bearer_token: a}",
                "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured"},
            {"{basic_auth: {password: a, password_file: b}}",
                "at most one of basic_auth password & password_file must be configured"},
            {"{authorization: {type: Basic, credentials: a}}",
                "authorization type cannot be set to \"basic\", use \"basic_auth\" instead"},
            {"{authorization: {credentials: a}, basic_auth: {username: u}}",
                "at most one of basic_auth, oauth2 & authorization must be configured"},
            {"{tls_config: {cert_file: c}}",
                "exactly one of key or key_file must be configured when a client certificate is configured"},
        }) {
            ConfigException e = assertThrows(ConfigException.class, () -> AlertmanagerConfig.parse("""
                    route: {receiver: r}
                    receivers:
                    - name: r
                      webhook_configs: [{url: 'http://x', http_config: %s}]
                    """.formatted(c[0]), Path.of(".")), c[0]);
            assertEquals(c[1], e.getMessage());
        }
    }

    @Test
    void receiverValidation() {
        assertEquals("one of url or url_file must be configured", refusal("webhook_configs: [{}]"));
        assertEquals("at most one of url & url_file must be configured",
                refusal("webhook_configs: [{url: 'http://x', url_file: f}]"));
        assertEquals("missing service or routing key in PagerDuty config", refusal("pagerduty_configs: [{}]"));
        assertEquals("at most one of routing_key & routing_key_file must be configured",
                refusal("pagerduty_configs: [{routing_key: a, routing_key_file: b}]"));
        assertEquals("missing title in Slack field configuration",
                refusal("slack_configs: [{api_url: 'http://x', fields: [{value: v}]}]"));
    }

    @Test
    void slackBotTokenFromTheGlobalSectionBecomesTheAuthorizationForTheAppUrl() {
        AlertmanagerConfig config = AlertmanagerConfig.parse("""
                global: {slack_app_token: xoxb-1}
                route: {receiver: r}
                receivers:
                - name: r
                  slack_configs:
                  - channel: '#a'
                  - channel: '#b'
                    api_url: 'https://hooks.slack.com/services/T/B/X'
                  - channel: '#c'
                    api_url: 'https://slack.com/api/chat.postMessage'
                    update_message: true
                    http_config: {authorization: {credentials: xoxb-2}}
                """, Path.of("."));
        List<SlackConfig> slacks = config.receiver("r").orElseThrow().slacks();
        SlackConfig bot = slacks.getFirst();
        assertEquals("xoxb-1", bot.appToken().value());
        assertEquals(GlobalConfig.DEFAULT_SLACK_APP_URL, bot.apiUrl().value());
        assertEquals("Bearer", bot.httpConfig().authorization().type());
        assertEquals("xoxb-1", bot.httpConfig().authorization().credentials().value());
        SlackConfig hook = slacks.get(1);
        assertNull(hook.appToken(), "a receiver's own webhook URL keeps the global token away");
        assertNull(hook.httpConfig().authorization());
        assertEquals("https://hooks.slack.com/services/T/B/X", hook.apiUrl().value());
        SlackConfig update = slacks.get(2);
        assertTrue(update.updateMessage());
        assertNull(update.appToken());
        assertEquals("xoxb-2", update.httpConfig().authorization().credentials().value());
        assertEquals("update_message can only be used with bot tokens. api_url must be set to "
                + "https://slack.com/api/chat.postMessage", assertThrows(ConfigException.class,
                        () -> AlertmanagerConfig.parse("""
                                global: {slack_app_token: xoxb-1}
                                route: {receiver: r}
                                receivers: [{name: r, slack_configs: [{update_message: true}]}]
                                """, Path.of("."))).getMessage());
    }

    @Test
    void crossSectionChecksRunInAlertmanagersOrder() {
        // The deepest undefined receiver is reported (children are checked first).
        assertEquals("undefined receiver \"deep\" used in route", assertThrows(ConfigException.class,
                () -> AlertmanagerConfig.parse("""
                        route:
                          receiver: r
                          routes:
                          - receiver: shallow
                            routes: [{receiver: deep}]
                        receivers: [{name: r}]
                        """, Path.of("."))).getMessage());
        assertEquals("no route provided in config",
                assertThrows(ConfigException.class, () -> AlertmanagerConfig.parse("", Path.of("."))).getMessage());
        assertEquals("invalid label name \"-x-\" in group_by list", assertThrows(ConfigException.class,
                () -> AlertmanagerConfig.parse("route: {receiver: r, group_by: ['...', '-x-']}\nreceivers: [{name: r}]",
                        Path.of("."))).getMessage());
        assertEquals("time interval \"a\" is not unique", assertThrows(ConfigException.class,
                () -> AlertmanagerConfig.parse("""
                        mute_time_intervals: [{name: a}]
                        time_intervals: [{name: a}]
                        route: {receiver: r}
                        receivers: [{name: r}]
                        """, Path.of("."))).getMessage());
    }

    @Test
    void webhookPayloadAndPagerdutyDetailsKeepTheirShape() {
        AlertmanagerConfig config = AlertmanagerConfig.parse("""
                route: {receiver: r}
                receivers:
                - name: r
                  webhook_configs:
                  - url: 'http://x'
                    payload: {text: '{{ .Status }}', nested: {list: [1, two]}}
                  pagerduty_configs:
                  - routing_key: k
                    details: {firing: custom, extra: {a: b}}
                """, Path.of("."));
        Receiver r = config.receiver("r").orElseThrow();
        assertEquals("{{ .Status }}", r.webhooks().getFirst().payload().get("text").asText());
        assertEquals("two", r.webhooks().getFirst().payload().at("/nested/list/1").asText());
        Map<String, Object> details = r.pagerduties().getFirst().details();
        assertEquals("custom", details.get("firing"));
        assertEquals(Map.of("a", "b"), details.get("extra"));
        assertEquals("{{ .Alerts.Resolved | toJson }}", details.get("resolved"));
    }

    @Test
    void durationsInPrometheusFormat() {
        assertEquals(Duration.ofSeconds(30), PromDuration.parse("30s"));
        assertEquals(Duration.ofMinutes(90), PromDuration.parse("1h30m"));
        assertEquals(Duration.ofDays(1), PromDuration.parse("1d"));
        assertEquals(Duration.ofDays(7), PromDuration.parse("1w"));
        assertEquals(Duration.ofMillis(1500), PromDuration.parse("1s500ms"));
        assertEquals(Duration.ZERO, PromDuration.parse("0"));
        assertEquals("not a valid duration string: \"1m1h\"",
                assertThrows(IllegalArgumentException.class, () -> PromDuration.parse("1m1h")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> PromDuration.parse("5 minutes"));
    }

    @Test
    void timeIntervalsAreBuiltAndUsable() {
        AlertmanagerConfig config = AlertmanagerConfig.parse("""
                time_intervals:
                - name: office
                  time_intervals:
                  - times: [{start_time: '09:00', end_time: '17:00'}]
                    weekdays: ['monday:friday']
                    location: Europe/Berlin
                mute_time_intervals:
                - name: old
                  time_intervals: [{months: [december]}]
                route:
                  receiver: r
                  routes:
                  - matchers: [a=b]
                    mute_time_intervals: [old]
                    active_time_intervals: [office]
                receivers: [{name: r}]
                """, Path.of("."));
        // Tuesday 2026-12-01 10:00 in Berlin is 09:00 UTC.
        assertTrue(config.timeIntervals().contains("office", Instant.parse("2026-12-01T09:00:00Z")));
        assertFalse(config.timeIntervals().contains("office", Instant.parse("2026-12-01T16:30:00Z")));
        assertTrue(config.timeIntervals().contains("old", Instant.parse("2026-12-01T16:30:00Z")));
        assertEquals("couldn't parse timestamp 9am, invalid format", assertThrows(ConfigException.class,
                () -> AlertmanagerConfig.parse("""
                        time_intervals:
                        - name: x
                          time_intervals: [{times: [{start_time: 9am, end_time: '10:00'}]}]
                        route: {receiver: r}
                        receivers: [{name: r}]
                        """, Path.of("."))).getMessage());
    }

    private static String refusal(String integration) {
        return assertThrows(ConfigException.class, () -> AlertmanagerConfig.parse("""
                route: {receiver: r}
                receivers:
                - name: r
                  %s
                """.formatted(integration), Path.of("."))).getMessage();
    }
}
