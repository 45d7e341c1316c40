package io.fluxtap.dist.tls;

import io.fluxtap.api.tls.ClientAuth;
import io.fluxtap.api.tls.ServerTlsSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Helidon's socket keys for {@code fluxtap.tls.*}: users set only Fluxtap's keys, and when TLS is on the server's
 * configuration gets {@code server.tls.*} (REST API, 8080) and {@code server.sockets.0.tls.*} (OTLP/HTTP, 4318) from
 * here. Nothing is added when TLS is off, so Helidon's sockets stay exactly as before.
 */
public final class TlsKeys {

    static final String LISTENER = "listener";
    static final String INGEST = "ingest";

    private TlsKeys() {
    }

    /**
     * @param setting a {@code fluxtap.tls.*} key's value, by its name below the prefix
     * @throws IllegalArgumentException for invalid or contradictory settings (the server does not start)
     */
    public static Map<String, String> helidonKeys(Function<String, Optional<String>> setting) {
        ServerTlsSettings settings = ServerTlsSettings.from(setting);
        Map<String, String> keys = new LinkedHashMap<>();
        if (!settings.enabled()) {
            return keys;
        }
        socket(keys, "server.tls.", "REST API", false, setting, ClientAuth.NONE);
        socket(keys, "server.sockets.0.tls.", "OTLP/HTTP", true, setting, settings.clientAuth());
        return keys;
    }

    private static void socket(Map<String, String> keys, String prefix, String listener, boolean ingest,
                               Function<String, Optional<String>> setting, ClientAuth clientAuth) {
        String manager = prefix + "manager." + ListenerTlsProvider.CONFIG_KEY + ".";
        keys.put(prefix + "enabled", "true");
        keys.put(prefix + "client-auth", clientAuth.name());
        // Helidon's default (HTTPS) makes the JDK check a client certificate's names against the client's address,
        // as a client checks a server's: every sender certificate without the sender's IP in it would be refused
        // (certificate_unknown). Senders are identified by their CA, not by where they connect from.
        keys.put(prefix + "endpoint-identification-algorithm", "NONE");
        keys.put(manager + LISTENER, listener);
        keys.put(manager + INGEST, Boolean.toString(ingest));
        for (String key : ServerTlsSettings.KEYS) {
            setting.apply(key).ifPresent(value -> keys.put(manager + key, value));
        }
        keys.put(manager + "enabled", "true");
    }
}
