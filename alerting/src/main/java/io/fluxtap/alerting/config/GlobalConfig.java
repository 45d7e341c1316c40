package io.fluxtap.alerting.config;

import java.time.Duration;

/**
 * The {@code global} section: defaults every receiver inherits. Secrets of integrations Fluxtap does not deliver
 * to are validated by the loader but not kept.
 *
 * @param resolveTimeout  how long an alert without {@code endsAt} stays firing (default 5m)
 * @param httpConfig      the default HTTP client
 * @param smtpFrom        default sender
 * @param smtpSmarthost   default SMTP server, host:port
 * @param smtpHello       default HELO name (default "localhost")
 * @param smtpRequireTls  default true
 * @param slackApiUrl     Slack incoming-webhook URL, or null
 * @param slackAppToken   Slack bot token, or null
 * @param slackAppUrl     Slack Web API URL for bot tokens (default https://slack.com/api/chat.postMessage)
 * @param pagerdutyUrl    default https://events.pagerduty.com/v2/enqueue
 */
public record GlobalConfig(Duration resolveTimeout, HttpConfig httpConfig, String smtpFrom, String smtpSmarthost,
                           String smtpHello, boolean smtpRequireTls, Secret slackApiUrl, Secret slackAppToken,
                           String slackAppUrl, String pagerdutyUrl) {

    public static final Duration DEFAULT_RESOLVE_TIMEOUT = Duration.ofMinutes(5);
    public static final String DEFAULT_PAGERDUTY_URL = "https://events.pagerduty.com/v2/enqueue";
    public static final String DEFAULT_SLACK_APP_URL = "https://slack.com/api/chat.postMessage";
}
