package io.fluxtap.dist.config;

import io.fluxtap.api.tls.ServerTlsSettings;
import io.fluxtap.dist.tls.TlsKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

/**
 * Builds the one MicroProfile Config the server runs with. Precedence, highest first:
 * system properties (400), environment variables such as {@code FLUXTAP_HTTP_PORT} (300),
 * {@code conf/fluxtap.properties} of the installation (200), the built-in defaults in
 * {@code META-INF/microprofile-config.properties} (100). Above them all (600) come the keys derived from
 * Fluxtap's own: Helidon's socket TLS from {@code fluxtap.tls.*} ({@link TlsKeys}).
 */
public final class FluxtapConfig {

    static final int CONF_FILE_ORDINAL = 200;
    static final int OVERRIDE_ORDINAL = 500;
    static final int DERIVED_ORDINAL = 600;

    private FluxtapConfig() {
    }

    public static Config load(Path home) {
        return load(home, Map.of());
    }

    /**
     * As {@link #load(Path)}, with {@code overrides} above every other source: used by embedders
     * (the test container) that must pin ports and the data directory without touching system properties.
     */
    public static Config load(Path home, Map<String, String> overrides) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        Config config = build(resolver, loader, home, overrides, Map.of());
        // Derived keys need the other sources' values (expressions resolved), hence the second build.
        Map<String, String> derived = TlsKeys.helidonKeys(
                key -> config.getOptionalValue(ServerTlsSettings.PREFIX + key, String.class));
        Config full = derived.isEmpty() ? config : build(resolver, loader, home, overrides, derived);
        resolver.registerConfig(full, loader);
        return full;
    }

    private static Config build(ConfigProviderResolver resolver, ClassLoader loader, Path home,
                                Map<String, String> overrides, Map<String, String> derived) {
        var builder = resolver.getBuilder().forClassLoader(loader).addDefaultSources().addDiscoveredConverters();
        Path confFile = home.resolve("conf").resolve("fluxtap.properties");
        if (Files.isRegularFile(confFile)) {
            builder.withSources(PropertiesFileConfigSource.load(confFile, CONF_FILE_ORDINAL));
        }
        if (!overrides.isEmpty()) {
            builder.withSources(new PropertiesFileConfigSource("overrides", Map.copyOf(overrides), OVERRIDE_ORDINAL));
        }
        if (!derived.isEmpty()) {
            builder.withSources(new PropertiesFileConfigSource("derived", Map.copyOf(derived), DERIVED_ORDINAL));
        }
        return builder.build();
    }
}
