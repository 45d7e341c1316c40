package io.fluxtap.dist.arquillian;

import io.fluxtap.dist.FluxtapMain;
import java.net.URI;
import java.nio.file.Path;

/**
 * What a test needs to know about the server its deployment started; inject it with
 * {@code @ArquillianResource RunningFluxtap fluxtap}.
 */
public record RunningFluxtap(FluxtapMain.Endpoints endpoints, Path dataDir) {

    public URI api(String pathAndQuery) {
        return endpoints.api().resolve(pathAndQuery.startsWith("/") ? pathAndQuery.substring(1) : pathAndQuery);
    }

    /** The base URL of the OTLP/HTTP listener, e.g. {@code http://127.0.0.1:41234}; append {@code /v1/logs}. */
    public String otlpHttpBase() {
        URI logs = endpoints.otlpHttp();
        return logs.getScheme() + "://" + logs.getAuthority();
    }

    /** The OTLP/gRPC endpoint, e.g. {@code http://127.0.0.1:41235}. */
    public String otlpGrpc() {
        return endpoints.otlpGrpc().toString();
    }

    public URI dashboard(String path) {
        return endpoints.dashboard().resolve(path.startsWith("/") ? path.substring(1) : path);
    }
}
