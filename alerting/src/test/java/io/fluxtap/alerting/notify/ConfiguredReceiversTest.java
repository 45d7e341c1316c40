package io.fluxtap.alerting.notify;

import io.fluxtap.alerting.config.AlertmanagerConfig;
import io.fluxtap.alerting.notify.http.CaptureServer;
import io.fluxtap.alerting.notify.http.Fixtures;
import io.fluxtap.alerting.template.NotificationTemplates;
import io.fluxtap.api.Notifier.Outcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConfiguredReceiversTest {

    private static AlertmanagerConfig config(CaptureServer server) {
        return AlertmanagerConfig.parse("""
                route:
                  receiver: team-x
                receivers:
                - name: team-x
                  webhook_configs:
                  - url: %1$s
                  - url: %1$s
                    send_resolved: false
                  slack_configs:
                  - api_url: %2$s
                    channel: '#alerts'
                  pagerduty_configs:
                  - routing_key: rk
                    url: %3$s
                  email_configs:
                  - to: ops@example.org
                    from: am@example.org
                    smarthost: 'localhost:25'
                - name: oauth
                  webhook_configs:
                  - url: %1$s
                    http_config:
                      oauth2:
                        client_id: a
                        client_secret: b
                        token_url: http://127.0.0.1:9/token
                  - url: %1$s
                - name: nobody
                """.formatted(server.url("/hook"), server.url("/slack"), server.url("/pd")), Path.of("."));
    }

    @Test
    void oneIntegrationPerConfiguredEntryInConfigOrder() throws IOException {
        try (CaptureServer server = CaptureServer.start()) {
            ConfiguredReceivers receivers = new ConfiguredReceivers(config(server), NotificationTemplates.defaults(),
                    Fixtures.EXTERNAL_URL);

            assertEquals(List.of("team-x", "oauth", "nobody"), List.copyOf(receivers.names()));
            List<String> described = new ArrayList<>();
            for (Integration i : receivers.integrations("team-x")) {
                described.add(i.name() + "[" + i.index() + "] resolved=" + i.sendResolved());
            }
            // Alertmanager's send_resolved defaults: webhook and PagerDuty true, Slack false.
            assertEquals(List.of("webhook[0] resolved=true", "webhook[1] resolved=false", "slack[0] resolved=false",
                    "pagerduty[0] resolved=true"), described);
            assertEquals(List.of(), receivers.integrations("nobody"));
            assertEquals(List.of(), receivers.integrations("no-such-receiver"));
        }
    }

    @Test
    void unsupportedIntegrationsAreLoggedOnceAndLeftOut() throws IOException {
        Logger logger = Logger.getLogger(ConfiguredReceivers.class.getName());
        List<String> warnings = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(java.text.MessageFormat.format(record.getMessage(), record.getParameters()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try (CaptureServer server = CaptureServer.start()) {
            ConfiguredReceivers receivers = new ConfiguredReceivers(config(server), NotificationTemplates.defaults(),
                    "");
            receivers.integrations("team-x");
            receivers.integrations("oauth");

            assertEquals(List.of(
                    "Receiver team-x: email_configs[0] is not supported by Fluxtap and will not be notified",
                    "Receiver oauth: webhook_configs[0] will not be notified: oauth2 is not supported by Fluxtap's "
                            + "notifiers"), warnings);
            // The oauth receiver keeps its other webhook, with its own index.
            List<Integration> oauth = receivers.integrations("oauth");
            assertEquals(1, oauth.size());
            assertEquals(1, oauth.getFirst().index());
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void integrationsDeliverToTheirEndpoints() throws IOException {
        try (CaptureServer server = CaptureServer.start()) {
            ConfiguredReceivers receivers = new ConfiguredReceivers(config(server), NotificationTemplates.defaults(),
                    Fixtures.EXTERNAL_URL);
            List<Integration> integrations = receivers.integrations("team-x");

            for (Integration i : integrations) {
                assertEquals(Outcome.delivered(200), i.notifier().notify(Fixtures.context("team-x"),
                        List.of(Fixtures.FIRING)), i.name());
            }
            Set<String> paths = new java.util.TreeSet<>();
            server.requests().forEach(r -> paths.add(r.path()));
            assertEquals(Set.of("/hook", "/slack", "/pd"), paths);
            assertEquals(4, server.requests().size());
        }
    }
}
