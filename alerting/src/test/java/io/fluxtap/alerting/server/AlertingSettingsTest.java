package io.fluxtap.alerting.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertingSettingsTest {

    @Test
    void relativeConfigFilesResolveAgainstTheInstallationElseTheWorkingDirectory() {
        assertEquals(Path.of("/opt/fluxtap/conf/alertmanager.yml"),
                AlertingSettings.resolve("conf/alertmanager.yml", "/opt/fluxtap"));
        assertEquals(Path.of("/etc/am.yml"), AlertingSettings.resolve("/etc/am.yml", "/opt/fluxtap"));
        assertEquals(Path.of("conf/alertmanager.yml").toAbsolutePath(),
                AlertingSettings.resolve("conf/alertmanager.yml", null));
    }

    @Test
    void externalLabelsAreNameValuePairsInTheirOrder() {
        Map<String, String> labels = AlertingSettings.externalLabels(" cluster=eu-1, region = west=2 ,,");
        assertEquals(List.of("cluster", "region"), List.copyOf(labels.keySet()));
        assertEquals("west=2", labels.get("region"));
        assertEquals(Map.of(), AlertingSettings.externalLabels(""));
    }

    @Test
    void badExternalLabelsAreRefusedNamingTheKey() {
        for (String bad : List.of("cluster", "1x=a", "__name__=a", "a-b=c", "a=", "a=1,a=2")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AlertingSettings.externalLabels(bad), bad);
            assertEquals(true, e.getMessage().startsWith("fluxtap.alerting.external-labels: "), e.getMessage());
        }
    }
}
