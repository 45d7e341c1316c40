package io.fluxtap.api.tls;

import io.fluxtap.api.DurationText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code fluxtap.tls.*} settings every listener serves TLS with. TLS is on when {@code enabled} says so, or,
 * when it is not set, as soon as a certificate and key (or a keystore) are named; it is off by default.
 *
 * @param enabled        whether the listeners speak TLS (then plain connections fail)
 * @param cert           the PEM certificate chain (leaf first), with {@code key}
 * @param key            the PEM private key (PKCS#8, or PKCS#1 RSA)
 * @param keystore       a PKCS#12 keystore instead of {@code cert}/{@code key}; its first key entry is served
 * @param keystorePassword the keystore's password (empty for none)
 * @param clientCa       the PEM CA certificates a sender's certificate must chain to (ingest listeners)
 * @param clientAuth     whether the ingest listeners (OTLP/gRPC, OTLP/HTTP) ask for a client certificate
 * @param reloadInterval how often the files' modification times are compared; a change is served to new connections
 */
public record ServerTlsSettings(boolean enabled, Optional<Path> cert, Optional<Path> key, Optional<Path> keystore,
                                String keystorePassword, Optional<Path> clientCa, ClientAuth clientAuth,
                                Duration reloadInterval) {

    public static final String PREFIX = "fluxtap.tls.";
    /** The keys below {@link #PREFIX}, as {@link #from} reads them. */
    public static final java.util.List<String> KEYS = java.util.List.of(
            "enabled", "cert", "key", "keystore", "keystore-password", "client-ca", "client-auth", "reload-interval");
    static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(10);
    /** A poll more often than this is no use to anyone and costs stat calls; a much slower one hides a renewal. */
    static final Duration MIN_RELOAD_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_RELOAD_INTERVAL = Duration.ofHours(1);

    public ServerTlsSettings {
        if (enabled) {
            check(cert, key, keystore, clientCa, clientAuth, reloadInterval);
        }
    }

    private static void check(Optional<Path> cert, Optional<Path> key, Optional<Path> keystore, Optional<Path> clientCa,
                              ClientAuth clientAuth, Duration reloadInterval) {
        if (keystore.isPresent() == (cert.isPresent() || key.isPresent())) {
            throw new IllegalArgumentException(keystore.isPresent()
                    ? PREFIX + "keystore and " + PREFIX + "cert/" + PREFIX + "key exclude each other: set one"
                    : PREFIX + "enabled=true needs " + PREFIX + "cert and " + PREFIX + "key (or " + PREFIX
                    + "keystore)");
        }
        if (keystore.isEmpty() && (cert.isEmpty() || key.isEmpty())) {
            throw new IllegalArgumentException(PREFIX + (cert.isEmpty() ? "cert" : "key") + " is missing: "
                    + PREFIX + "cert and " + PREFIX + "key go together");
        }
        if (clientAuth != ClientAuth.NONE && clientCa.isEmpty()) {
            throw new IllegalArgumentException(PREFIX + "client-auth=" + clientAuth.name().toLowerCase(java.util.Locale.ROOT)
                    + " needs " + PREFIX + "client-ca (the CA that signs the senders' certificates)");
        }
        if (reloadInterval.compareTo(MIN_RELOAD_INTERVAL) < 0 || reloadInterval.compareTo(MAX_RELOAD_INTERVAL) > 0) {
            throw new IllegalArgumentException(PREFIX + "reload-interval must be between 100ms and 1h, was "
                    + DurationText.format(reloadInterval));
        }
    }

    /** TLS off: what an unset configuration means. */
    public static ServerTlsSettings off() {
        return new ServerTlsSettings(false, Optional.empty(), Optional.empty(), Optional.empty(), "",
                Optional.empty(), ClientAuth.NONE, DEFAULT_RELOAD_INTERVAL);
    }

    /**
     * @param setting a key below {@link #PREFIX} ({@code "cert"}, {@code "client-auth"}, …) to its value, if set;
     *                blank values count as unset, so an environment variable can be emptied
     * @throws IllegalArgumentException for contradictory or invalid settings, naming the key
     */
    public static ServerTlsSettings from(Function<String, Optional<String>> setting) {
        Function<String, Optional<String>> value = k -> setting.apply(k).map(String::trim).filter(v -> !v.isEmpty());
        Optional<Path> cert = value.apply("cert").map(Path::of);
        Optional<Path> key = value.apply("key").map(Path::of);
        Optional<Path> keystore = value.apply("keystore").map(Path::of);
        boolean enabled = value.apply("enabled").map(v -> parseBoolean("enabled", v))
                .orElse(keystore.isPresent() || cert.isPresent() && key.isPresent());
        return new ServerTlsSettings(enabled, cert, key, keystore,
                setting.apply("keystore-password").orElse(""),
                value.apply("client-ca").map(Path::of),
                value.apply("client-auth").map(ClientAuth::parse).orElse(ClientAuth.NONE),
                value.apply("reload-interval").map(v -> DurationText.parse(PREFIX + "reload-interval", v))
                        .orElse(DEFAULT_RELOAD_INTERVAL));
    }

    private static boolean parseBoolean(String key, String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(PREFIX + key + " must be true or false, was '" + text + "'");
        };
    }

    /** {@code https} or {@code http}, for the addresses the server prints and tests use. */
    public String httpScheme() {
        return enabled ? "https" : "http";
    }
}
