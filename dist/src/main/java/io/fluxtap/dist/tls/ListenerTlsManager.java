package io.fluxtap.dist.tls;

import io.fluxtap.api.tls.ReloadingServerTls;
import io.fluxtap.api.tls.ServerTlsSettings;
import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsConfig;
import io.helidon.common.tls.TlsManager;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * One Helidon socket's TLS: a {@link ReloadingServerTls}, loaded when Helidon builds the socket's {@link Tls} (a bad
 * file stops the start there) and polling its files from then on. Whether a client certificate is asked for is
 * Helidon's {@code tls.client-auth} of the socket ({@link TlsKeys} sets it from {@code fluxtap.tls.client-auth}), since
 * Helidon applies it to every connection through its own {@code SSLParameters}.
 */
final class ListenerTlsManager implements TlsManager {

    private final ServerTlsSettings settings;
    private final String listener;
    private final boolean ingest;
    private ReloadingServerTls tls;

    ListenerTlsManager(ServerTlsSettings settings, String listener, boolean ingest) {
        this.settings = settings;
        this.listener = listener;
        this.ingest = ingest;
    }

    @Override
    public synchronized void init(TlsConfig config) {
        if (tls == null) {
            // The poller is a daemon thread; Helidon has no close for a TLS manager, and the process ends with it.
            tls = new ReloadingServerTls(settings, listener, ingest).startPolling();
        }
    }

    /** Helidon's own reload (WebServer.reloadTls) is not used: the context follows its files by itself. */
    @Override
    public void reload(Tls tls) {
    }

    @Override
    public synchronized SSLContext sslContext() {
        return running().sslContext();
    }

    @Override
    public synchronized Optional<X509KeyManager> keyManager() {
        return Optional.of(running().keyManager());
    }

    @Override
    public synchronized Optional<X509TrustManager> trustManager() {
        return running().trustManager().map(X509TrustManager.class::cast);
    }

    private ReloadingServerTls running() {
        if (tls == null) {
            throw new IllegalStateException(listener + " TLS is not initialised");
        }
        return tls;
    }

    @Override
    public String name() {
        return listener;
    }

    @Override
    public String type() {
        return ListenerTlsProvider.CONFIG_KEY;
    }
}
