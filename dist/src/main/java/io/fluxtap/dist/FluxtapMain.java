package io.fluxtap.dist;

import io.fluxtap.api.Level;
import io.fluxtap.dist.config.FluxtapConfig;
import io.fluxtap.ingestion.loggers.JulLoggers;
import io.helidon.microprofile.server.Server;
import io.helidon.microprofile.server.ServerCdiExtension;
import jakarta.enterprise.inject.spi.CDI;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Starts the whole platform in this JVM: Helidon MP (REST API, health, metrics, OTLP/HTTP on its own
 * socket) and, through CDI, every module's beans including the dashboard's embedded servlet container.
 */
public final class FluxtapMain {

    /** The loggers {@code --level} sets: Fluxtap's own. */
    static final String PLATFORM_LOGGER = "io.fluxtap";

    private FluxtapMain() {
    }

    public static void main(String[] args) {
        Config config = FluxtapConfig.load(Path.of(System.getProperty("fluxtap.home", ".")));
        Optional<Level> level = platformLevel(args, config);
        JulLoggers loggers = new JulLoggers();
        level.ifPresent(l -> loggers.set(PLATFORM_LOGGER, l));
        Server server = Server.builder().config(config).build().start();
        // Helidon reads conf/logging.properties again while it starts, which resets the level set above.
        level.ifPresent(l -> loggers.set(PLATFORM_LOGGER, l));
        printEndpoints(System.out, Endpoints.of(server));
    }

    /**
     * {@code --level trace} (else {@code fluxtap.level}, {@code FLUXTAP_LEVEL}): the level of Fluxtap's own loggers
     * ({@value #PLATFORM_LOGGER}; libraries keep {@code conf/logging.properties}' levels), as the seed's
     * {@code fluxrig rack --level trace}.
     *
     * @throws IllegalArgumentException for an unknown level or a {@code --level} without one
     */
    static Optional<Level> platformLevel(String[] args, Config config) {
        for (int i = 0; i < args.length; i++) {
            if ("--level".equals(args[i])) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException("--level needs a level: trace, debug, info, warn, error, fatal");
                }
                return Optional.of(parse("--level", args[i + 1]));
            }
            if (args[i].startsWith("--level=")) {
                return Optional.of(parse("--level", args[i].substring("--level=".length())));
            }
        }
        return config.getOptionalValue("fluxtap.level", String.class).map(text -> parse("fluxtap.level", text));
    }

    private static Level parse(String source, String text) {
        try {
            Level level = Level.parseLabel(text);
            if (level != Level.UNSPECIFIED) {
                return level;
            }
        } catch (IllegalArgumentException e) {
            // reported below with the source named
        }
        throw new IllegalArgumentException(source + ": unknown level '" + text
                + "' (expected one of trace, debug, info, warn, error, fatal)");
    }

    static void printEndpoints(PrintStream out, Endpoints endpoints) {
        out.println("Fluxtap is up:");
        out.println("  API, health and metrics: " + endpoints.api());
        out.println("  OTLP/HTTP receiver:      " + endpoints.otlpHttp());
        out.println("  OTLP/gRPC receiver:      " + endpoints.otlpGrpc());
        out.println("  Dashboard:               " + endpoints.dashboard());
        out.flush();
    }

    /** Where the running server listens; ports are the bound ones, so port 0 in configuration works. */
    public record Endpoints(java.net.URI api, java.net.URI otlpHttp, java.net.URI otlpGrpc, java.net.URI dashboard) {

        public static Endpoints of(Server server) {
            ServerCdiExtension serverExtension = CDI.current().getBeanManager().getExtension(ServerCdiExtension.class);
            String host = hostForUrl(server.host());
            int uiPort = CDI.current().select(io.fluxtap.ui.DashboardServer.class).get().port();
            Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
            // https on every listener when fluxtap.tls is on (gRPC clients take https for "use TLS").
            String scheme = io.fluxtap.api.tls.ServerTlsSettings.from(key -> config.getOptionalValue(
                    io.fluxtap.api.tls.ServerTlsSettings.PREFIX + key, String.class)).httpScheme() + "://";
            return new Endpoints(
                    java.net.URI.create(scheme + host + ":" + server.port() + "/"),
                    java.net.URI.create(scheme + host + ":" + serverExtension.port("otlp") + "/v1/logs"),
                    java.net.URI.create(scheme + host + ":"
                            + CDI.current().select(io.fluxtap.ingestion.otlp.grpc.OtlpGrpcServer.class).get().port()),
                    java.net.URI.create(scheme + host + ":" + uiPort + "/"));
        }

        private static String hostForUrl(String host) {
            if (host == null || host.isBlank() || "0.0.0.0".equals(host)) {
                return "localhost";
            }
            return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        }
    }
}
