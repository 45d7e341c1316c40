package io.fluxtap.alerting.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
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
}
