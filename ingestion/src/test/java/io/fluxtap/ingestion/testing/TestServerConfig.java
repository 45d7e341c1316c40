package io.fluxtap.ingestion.testing;

import io.helidon.config.mp.MpConfigSources;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

/**
 * The MicroProfile Config a test registers before it boots the CDI container with this module's beans: the
 * server, the OTLP/HTTP socket and the OTLP/gRPC server on free loopback ports, small rings, the data directory under the test's own
 * temporary directory, plus whatever the test adds.
 */
public final class TestServerConfig {

    private TestServerConfig() {
    }

    /** Registers the config for the current thread's class loader; undo with {@link #release()}. */
    public static void register(Path dataDir, Map<String, String> extra) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("mp.initializer.allow", "true");
        values.put("mp.initializer.no-warn", "true");
        values.put("server.host", "localhost");
        values.put("server.port", "0");
        values.put("server.sockets.0.name", "otlp");
        values.put("server.sockets.0.port", "0");
        values.put("fluxtap.host", "localhost");
        values.put("fluxtap.otlp.grpc.port", "0");
        values.put("fluxtap.ingest.ring-size", "64");
        values.put("fluxtap.data.dir", dataDir.toString());
        values.putAll(extra);
        // Discovered converters: api's DurationConverter reads "10m", as the server's FluxtapConfig does.
        Config config = ConfigProviderResolver.instance().getBuilder()
                .addDiscoveredConverters()
                .withSources(MpConfigSources.create(values))
                .build();
        ConfigProviderResolver.instance().registerConfig(config, Thread.currentThread().getContextClassLoader());
    }

    public static void release() {
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        resolver.releaseConfig(resolver.getConfig(Thread.currentThread().getContextClassLoader()));
    }
}
