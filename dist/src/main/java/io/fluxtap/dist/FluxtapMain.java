package io.fluxtap.dist;

import io.fluxtap.dist.config.FluxtapConfig;
import io.helidon.microprofile.server.Server;
import io.helidon.microprofile.server.ServerCdiExtension;
import jakarta.enterprise.inject.spi.CDI;
import java.io.PrintStream;
import java.nio.file.Path;
import org.eclipse.microprofile.config.Config;

/**
 * Starts the whole platform in this JVM: Helidon MP (REST API, health, metrics, OTLP/HTTP on its own
 * socket) and, through CDI, every module's beans including the dashboard's embedded servlet container.
 */
public final class FluxtapMain {

    private FluxtapMain() {
    }

    public static void main(String[] args) {
        Config config = FluxtapConfig.load(Path.of(System.getProperty("fluxtap.home", ".")));
        Server server = Server.builder().config(config).build().start();
        printEndpoints(System.out, Endpoints.of(server));
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
            return new Endpoints(
                    java.net.URI.create("http://" + host + ":" + server.port() + "/"),
                    java.net.URI.create("http://" + host + ":" + serverExtension.port("otlp") + "/v1/logs"),
                    java.net.URI.create("http://" + host + ":"
                            + CDI.current().select(io.fluxtap.ingestion.otlp.grpc.OtlpGrpcServer.class).get().port()),
                    java.net.URI.create("http://" + host + ":" + uiPort + "/"));
        }

        private static String hostForUrl(String host) {
            if (host == null || host.isBlank() || "0.0.0.0".equals(host)) {
                return "localhost";
            }
            return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        }
    }
}
