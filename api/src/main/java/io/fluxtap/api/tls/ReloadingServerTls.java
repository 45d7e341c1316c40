package io.fluxtap.api.tls;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One listener's TLS: an {@link SSLContext} whose key manager (and, for the ingest listeners, client-certificate
 * trust manager) read the files of {@link ServerTlsSettings} and switch to new contents when the files change.
 *
 * <p>The context itself never changes, so a server is given it once (Helidon, grpc-java, Jetty alike) and every
 * handshake after a reload presents the new certificate; connections already open keep theirs. A poll compares each
 * file's modification time and size every {@code reloadInterval}; new contents that do not load (a half-copied file,
 * a key that does not fit) are logged once and the old ones stay served, so a renewal can never take TLS down.
 * The files must load at construction: a bad or missing file stops the server's start with its name in the message.
 */
public final class ReloadingServerTls implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ReloadingServerTls.class.getName());

    private final ServerTlsSettings settings;
    private final String listener;
    private final boolean clientAuth;
    private final AtomicReference<Material> current = new AtomicReference<>();
    /** The material before the last reload: a handshake may have chosen its alias just before the swap. */
    private final AtomicReference<Material> previous = new AtomicReference<>();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong aliases = new AtomicLong();
    private final SSLContext context;
    private final Keys keys = new Keys();
    private final Senders senders = new Senders();
    private List<Stamp> failedStamps = List.of();
    private ScheduledExecutorService poller;

    /**
     * @param listener   the listener's name, for messages ({@code "OTLP/gRPC"})
     * @param clientAuth whether this listener checks client certificates ({@code fluxtap.tls.client-auth} applies
     *                   to the ingest listeners only)
     * @throws IllegalArgumentException when TLS is off in {@code settings} or a file does not load
     */
    public ReloadingServerTls(ServerTlsSettings settings, String listener, boolean clientAuth) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("TLS is off (" + ServerTlsSettings.PREFIX + "enabled)");
        }
        this.settings = settings;
        this.listener = listener;
        this.clientAuth = clientAuth && settings.clientAuth() != ClientAuth.NONE;
        try {
            current.set(load(stamps()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(listener + " TLS: " + e.getMessage(), e);
        }
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[]{keys}, this.clientAuth ? new TrustManager[]{senders} : null, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(listener + " TLS: " + e.getMessage(), e);
        }
    }

    /** The context to serve with; it stays the same across reloads. */
    public SSLContext sslContext() {
        return context;
    }

    /** The key manager inside {@link #sslContext()}, for servers that build their own context from one (Netty). */
    public X509ExtendedKeyManager keyManager() {
        return keys;
    }

    /** The client-certificate trust inside {@link #sslContext()}, when this listener checks client certificates. */
    public Optional<X509ExtendedTrustManager> trustManager() {
        return clientAuth ? Optional.of(senders) : Optional.empty();
    }

    /** Whether handshakes must ask for a client certificate ({@link ClientAuth#OPTIONAL} or {@code REQUIRED}). */
    public ClientAuth clientAuth() {
        return clientAuth ? settings.clientAuth() : ClientAuth.NONE;
    }

    /** How many times new files were taken since start (0 before the first change). */
    public long generation() {
        return generation.get();
    }

    /** The certificate new handshakes present. */
    public X509Certificate certificate() {
        return current.get().chain()[0];
    }

    /** Starts polling the files every {@code reloadInterval} on a daemon thread of its own. */
    public synchronized ReloadingServerTls startPolling() {
        if (poller == null) {
            poller = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "fluxtap-tls-reload-" + listener);
                thread.setDaemon(true);
                return thread;
            });
            long millis = settings.reloadInterval().toMillis();
            poller.scheduleWithFixedDelay(this::reloadIfChanged, millis, millis, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /**
     * Loads the files again when a modification time or size differs from what was last loaded (or last failed).
     *
     * @return whether new material is now served
     */
    public synchronized boolean reloadIfChanged() {
        List<Stamp> stamps;
        try {
            stamps = stamps();
        } catch (IOException e) {
            // A file being replaced can vanish for a moment; the next poll sees the new one.
            return false;
        }
        if (stamps.equals(current.get().stamps()) || stamps.equals(failedStamps)) {
            return false;
        }
        try {
            Material fresh = load(stamps);
            previous.set(current.getAndSet(fresh));
            generation.incrementAndGet();
            failedStamps = List.of();
            LOG.log(Level.INFO, listener + " TLS: serving " + fresh.chain()[0].getSubjectX500Principal().getName()
                    + " (serial " + fresh.chain()[0].getSerialNumber().toString(16) + ") to new connections");
            return true;
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            failedStamps = stamps;
            LOG.log(Level.WARNING, listener + " TLS: the changed files do not load, still serving the previous ones: "
                    + e.getMessage());
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    /** The files this listener reads, under the keys that name them. */
    private Map<String, Path> files() {
        Map<String, Path> files = new LinkedHashMap<>();
        settings.keystore().ifPresent(file -> files.put("keystore", file));
        settings.cert().ifPresent(file -> files.put("cert", file));
        settings.key().ifPresent(file -> files.put("key", file));
        if (clientAuth) {
            files.put("client-ca", settings.clientCa().orElseThrow());
        }
        return files;
    }

    private List<Stamp> stamps() throws IOException {
        List<Stamp> stamps = new ArrayList<>(3);
        for (Map.Entry<String, Path> named : files().entrySet()) {
            Path file = named.getValue();
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                stamps.add(new Stamp(file, attributes.lastModifiedTime().toMillis(), attributes.size()));
            } catch (NoSuchFileException e) {
                throw new IOException(ServerTlsSettings.PREFIX + named.getKey() + " " + file + ": no such file", e);
            } catch (IOException e) {
                throw new IOException(ServerTlsSettings.PREFIX + named.getKey() + " " + file + ": " + e, e);
            }
        }
        return List.copyOf(stamps);
    }

    private Material load(List<Stamp> stamps) throws GeneralSecurityException, IOException {
        // Each generation has its own alias, so a handshake that chose an alias before a swap finds its own key.
        String alias = "fluxtap-" + aliases.incrementAndGet();
        PrivateKey key;
        List<X509Certificate> chain;
        if (settings.keystore().isPresent()) {
            Path file = settings.keystore().get();
            KeyStore store = KeyStore.getInstance("PKCS12");
            char[] password = settings.keystorePassword().toCharArray();
            try (var in = Files.newInputStream(file)) {
                store.load(in, password);
            } catch (IOException e) {
                throw new GeneralSecurityException(ServerTlsSettings.PREFIX + "keystore " + file + ": " + e.getMessage()
                        + " (wrong " + ServerTlsSettings.PREFIX + "keystore-password?)", e);
            }
            String entry = firstKeyEntry(store, file);
            key = (PrivateKey) store.getKey(entry, password);
            chain = new ArrayList<>();
            for (var certificate : store.getCertificateChain(entry)) {
                chain.add((X509Certificate) certificate);
            }
        } else {
            Path certFile = settings.cert().orElseThrow();
            Path keyFile = settings.key().orElseThrow();
            chain = named("cert", () -> PemFiles.certificates(certFile));
            key = named("key", () -> PemFiles.privateKey(keyFile));
            checkPair(key, chain.getFirst(), keyFile);
        }
        for (X509Certificate certificate : chain) {
            certificate.checkValidity();
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance("PKIX");
        keys.init(PemFiles.keyStore(alias, key, chain), PemFiles.storePassword());
        X509ExtendedKeyManager keyManager = (X509ExtendedKeyManager) keys.getKeyManagers()[0];
        X509ExtendedTrustManager trust = null;
        if (clientAuth) {
            Path ca = settings.clientCa().orElseThrow();
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(named("client-ca", () -> PemFiles.trustStore(ca)));
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    trust = extended;
                }
            }
        }
        return new Material(stamps, keyManager, chain.toArray(X509Certificate[]::new), trust);
    }

    /** A key that is not the certificate's would fail every handshake, and only then: say so at start. */
    private static void checkPair(PrivateKey key, X509Certificate certificate, Path keyFile)
            throws GeneralSecurityException {
        String algorithm = certificate.getPublicKey().getAlgorithm();
        String signature = switch (algorithm) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> algorithm; // Ed25519, Ed448
        };
        boolean matches;
        try {
            java.security.Signature signer = java.security.Signature.getInstance(signature);
            signer.initSign(key);
            byte[] probe = "fluxtap".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            signer.update(probe);
            byte[] signed = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(signature);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signed);
        } catch (java.security.InvalidKeyException e) {
            matches = false;
        }
        if (!matches) {
            throw new GeneralSecurityException(ServerTlsSettings.PREFIX + "key " + keyFile
                    + " does not match the certificate in " + ServerTlsSettings.PREFIX + "cert ("
                    + certificate.getSubjectX500Principal().getName() + ")");
        }
    }

    private static String firstKeyEntry(KeyStore store, Path file) throws GeneralSecurityException {
        for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements(); ) {
            String alias = aliases.nextElement();
            if (store.isKeyEntry(alias)) {
                return alias;
            }
        }
        throw new GeneralSecurityException(ServerTlsSettings.PREFIX + "keystore " + file + " holds no private key");
    }

    private interface Loading<T> {
        T load() throws GeneralSecurityException;
    }

    private static <T> T named(String key, Loading<T> loading) throws GeneralSecurityException {
        try {
            return loading.load();
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException(ServerTlsSettings.PREFIX + key + ": " + e.getMessage(), e);
        }
    }

    private record Stamp(Path file, long modifiedMillis, long size) {
    }

    private record Material(List<Stamp> stamps, X509ExtendedKeyManager keys, X509Certificate[] chain,
                            X509ExtendedTrustManager trust) {
    }

    /** Chooses from the current material; looks an alias up in the current, then the previous one. */
    private final class Keys extends X509ExtendedKeyManager {

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return current.get().keys().chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return current.get().keys().chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return current.get().keys().getServerAliases(keyType, issuers);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            X509Certificate[] chain = current.get().keys().getCertificateChain(alias);
            Material before = previous.get();
            return chain != null || before == null ? chain : before.keys().getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            PrivateKey key = current.get().keys().getPrivateKey(alias);
            Material before = previous.get();
            return key != null || before == null ? key : before.keys().getPrivateKey(alias);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    /** Checks senders' certificates against the current {@code client-ca}; a server never checks servers. */
    private final class Senders extends X509ExtendedTrustManager {

        private X509ExtendedTrustManager trust() {
            return current.get().trust();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            trust().checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            trust().checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trust().checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a listener checks no server certificates");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a listener checks no server certificates");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a listener checks no server certificates");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return trust().getAcceptedIssuers();
        }
    }
}
