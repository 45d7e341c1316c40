package io.fluxtap.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.Level;
import io.helidon.config.mp.MpConfigSources;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.Test;

/** {@code bin/fluxtap --level} and {@code FLUXTAP_LEVEL} (read as {@code fluxtap.level}). */
class FluxtapMainLevelTest {

    @Test
    void theCommandLineWinsOverTheConfiguration() {
        Config config = config(Map.of("fluxtap.level", "warn"));
        assertEquals(Optional.of(Level.TRACE), FluxtapMain.platformLevel(new String[] {"--level", "trace"}, config));
        assertEquals(Optional.of(Level.DEBUG), FluxtapMain.platformLevel(new String[] {"--level=debug"}, config));
        assertEquals(Optional.of(Level.WARN), FluxtapMain.platformLevel(new String[0], config));
        assertEquals(Optional.empty(), FluxtapMain.platformLevel(new String[0], config(Map.of())));
    }

    @Test
    void anUnknownLevelIsRefusedNamingWhereItCameFrom() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> FluxtapMain.platformLevel(new String[] {"--level", "loud"}, config(Map.of())));
        assertTrue(bad.getMessage().startsWith("--level: unknown level 'loud'"), bad.getMessage());
        IllegalArgumentException env = assertThrows(IllegalArgumentException.class,
                () -> FluxtapMain.platformLevel(new String[0], config(Map.of("fluxtap.level", "unspecified"))));
        assertTrue(env.getMessage().startsWith("fluxtap.level: unknown level"), env.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FluxtapMain.platformLevel(new String[] {"--level"},
                config(Map.of())));
    }

    private static Config config(Map<String, String> values) {
        return ConfigProviderResolver.instance().getBuilder().withSources(MpConfigSources.create(values)).build();
    }
}
