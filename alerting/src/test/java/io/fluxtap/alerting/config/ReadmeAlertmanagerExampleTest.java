package io.fluxtap.alerting.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.alerting.dispatch.Route;
import io.fluxtap.api.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The alertmanager.yml of README.md's "Alerting" section and the distribution's conf/alertmanager.yml load as pasted. */
class ReadmeAlertmanagerExampleTest {

    @Test
    void theReadmesSlackAndPagerdutyConfigurationLoadsAndRoutes() throws IOException {
        Matcher block = Pattern.compile("<!-- example: alertmanager-yml -->\\s*```yaml\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("../README.md")));
        assertTrue(block.find(), "README.md has the alertmanager-yml example");
        AlertmanagerConfig config = AlertmanagerConfig.parse(block.group(1), Path.of("."));
        assertEquals(1, config.receiver("team-chat").orElseThrow().slacks().size());
        assertEquals(1, config.receiver("oncall").orElseThrow().pagerduties().size());
        // continue: true on the page route lets a page go on to the next route: both receivers get it.
        List<String> receivers = Route.of(config.route())
                .match(Labels.of("alertname", "Down", "severity", "page", "service", "api")).stream()
                .map(m -> m.opts().receiver()).toList();
        assertEquals(List.of("oncall", "team-chat"), receivers);
        assertEquals(List.of("team-chat"), Route.of(config.route()).match(Labels.of("alertname", "Slow")).stream()
                .map(m -> m.opts().receiver()).toList());
    }

    @Test
    void theDistributionsConfigurationLoads() throws IOException {
        AlertmanagerConfig config = AlertmanagerConfig.load(Path.of("../dist/src/main/dist/conf/alertmanager.yml"));
        assertEquals("default", config.route().receiver());
        assertTrue(config.receiver("default").orElseThrow().webhooks().isEmpty(), "nothing is sent by default");
    }
}
