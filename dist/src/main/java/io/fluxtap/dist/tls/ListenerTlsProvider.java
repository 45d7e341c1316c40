package io.fluxtap.dist.tls;

import io.fluxtap.api.tls.ServerTlsSettings;
import io.helidon.common.config.Config;
import io.helidon.common.tls.TlsManager;
import io.helidon.common.tls.spi.TlsManagerProvider;

/**
 * Gives Helidon's sockets their TLS from {@code fluxtap.tls.*}: Helidon finds this provider by its config key under
 * a socket's {@code tls.manager} ({@code server.tls.manager.fluxtap.*}, which {@link TlsKeys} writes when TLS is on),
 * as a {@link java.util.ServiceLoader} service. Helidon MP builds its WebServer from configuration only, so this is
 * the one way to hand it an {@code SSLContext} of ours, the reloading one the other listeners use too.
 */
public final class ListenerTlsProvider implements TlsManagerProvider {

    static final String CONFIG_KEY = "fluxtap";

    @Override
    public String configKey() {
        return CONFIG_KEY;
    }

    @Override
    public TlsManager create(Config config, String name) {
        ServerTlsSettings settings = ServerTlsSettings.from(key -> config.get(key).asString().asOptional());
        String listener = config.get(TlsKeys.LISTENER).asString().orElse(name);
        boolean ingest = config.get(TlsKeys.INGEST).asBoolean().orElse(false);
        return new ListenerTlsManager(settings, listener, ingest);
    }
}
