package io.fluxtap.dist.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's config reads every duration key through api's {@code DurationConverter}: combined units from
 * {@code conf/fluxtap.properties}, ISO-8601 still (here from an override). The beans' default values ({@code 7d})
 * go through the same converter whenever a dist test boots the server.
 */
class FluxtapConfigDurationTest {

    @TempDir
    Path home;

    @Test
    void durationKeysReadShortFormsCombinedUnitsAndIso8601() throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/fluxtap.properties"), "fluxtap.retention.interval=1h30m\n");
        Config config = FluxtapConfig.load(home, Map.of("fluxtap.sql.timeout", "PT45S"));
        try {
            assertEquals(Duration.ofMinutes(90), config.getValue("fluxtap.retention.interval", Duration.class));
            assertEquals(Duration.ofSeconds(45), config.getValue("fluxtap.sql.timeout", Duration.class));
        } finally {
            ConfigProviderResolver.instance().releaseConfig(config);
        }
    }

    @Test
    void aValueThatIsNoDurationIsRefusedNamingTheKeyAndTheForms() {
        Config config = FluxtapConfig.load(home, Map.of("fluxtap.retention.interval", "ten minutes"));
        try {
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> config.getValue("fluxtap.retention.interval", Duration.class));
            String messages = messages(e);
            assertTrue(messages.contains("fluxtap.retention.interval"), messages);
            assertTrue(messages.contains("must be a positive duration such as 500ms, 30s, 2m, 1h30m"), messages);
        } finally {
            ConfigProviderResolver.instance().releaseConfig(config);
        }
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" / ");
        }
        return all.toString();
    }
}
