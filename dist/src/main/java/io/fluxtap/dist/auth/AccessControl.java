package io.fluxtap.dist.auth;

import io.fluxtap.api.StateStore;
import io.fluxtap.api.audit.AuditEntry;
import io.fluxtap.api.auth.AccessCheck;
import io.fluxtap.api.auth.Authenticator;
import io.fluxtap.api.auth.RouteScopes;
import io.fluxtap.api.auth.Scope;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The server's access control (issue #17): {@code fluxtap.auth.enabled} (by default on exactly when
 * {@code fluxtap.host} is not a loopback address), the {@link TokenBook} on the container's {@link StateStore}
 * with the server key {@code <data dir>/auth.key}, and the bootstrap admin token made at the first start with
 * access control on and no token, written to {@code <data dir>/bootstrap-admin.token} (mode 600).
 */
@ApplicationScoped
public class AccessControl implements Authenticator {

    public static final String ENABLED_KEY = "fluxtap.auth.enabled";
    public static final String METRICS_OPEN_KEY = "fluxtap.auth.metrics-open";
    public static final String BOOTSTRAP_FILE = "bootstrap-admin.token";
    public static final String KEY_FILE = "auth.key";
    public static final String BOOTSTRAP_NAME = "bootstrap-admin";
    public static final String PASSWORD_ITERATIONS_KEY = "fluxtap.auth.password-iterations";
    public static final String USERS_FILE_KEY = "fluxtap.dashboard.users-file";
    private static final Logger LOG = System.getLogger(AccessControl.class.getName());

    private boolean enabled;
    private RouteScopes routes;
    private Path dataDir;
    private Instance<StateStore> stores;
    private LaneAuditTrail audit;
    private int passwordIterations;
    private Optional<String> usersFile;
    private volatile TokenBook book;
    private volatile UserBook users;

    /** For CDI's proxy. */
    AccessControl() {
    }

    @Inject
    public AccessControl(@ConfigProperty(name = ENABLED_KEY) Optional<Boolean> enabled,
                         @ConfigProperty(name = METRICS_OPEN_KEY) Optional<Boolean> metricsOpen,
                         @ConfigProperty(name = "fluxtap.host", defaultValue = "127.0.0.1") String host,
                         @ConfigProperty(name = "fluxtap.data.dir", defaultValue = "./data") String dataDir,
                         @ConfigProperty(name = PASSWORD_ITERATIONS_KEY, defaultValue = "600000") int passwordIterations,
                         @ConfigProperty(name = USERS_FILE_KEY) Optional<String> usersFile,
                         Instance<StateStore> stores, LaneAuditTrail audit) {
        if (passwordIterations < 1) {
            throw new IllegalArgumentException(PASSWORD_ITERATIONS_KEY + " must be positive, was " + passwordIterations);
        }
        this.passwordIterations = passwordIterations;
        this.usersFile = usersFile.filter(f -> !f.isBlank());
        boolean loopback = loopback(host);
        this.enabled = enabled.orElse(!loopback);
        this.routes = RouteScopes.server(metricsOpen.orElse(loopback));
        this.dataDir = Path.of(dataDir);
        this.stores = stores;
        this.audit = audit;
    }

    /** Before Helidon starts serving ({@code PLATFORM_AFTER + 100}): no request finds the bootstrap token missing. */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 50) @Initialized(ApplicationScoped.class)
                 Object ignored) {
        if (!enabled) {
            LOG.log(Logger.Level.INFO, "access control is off (" + ENABLED_KEY + "): every endpoint answers anyone "
                    + "who can reach it");
            return;
        }
        TokenBook tokens = book();
        Optional<Path> bootstrap = bootstrap(tokens, dataDir, "server start");
        if (bootstrap.isPresent()) {
            LOG.log(Logger.Level.WARNING, "access control: made the admin token '" + BOOTSTRAP_NAME + "'; its secret "
                    + "is in " + bootstrap.get().toAbsolutePath() + " (mode 600). Make tokens with it (bin/fluxtap "
                    + "token create), and revoke it once you have your own admin token");
        } else {
            LOG.log(Logger.Level.INFO, "access control is on: " + tokens.list().size() + " token(s)");
        }
        // Read now, so a bad fluxtap.dashboard.users-file stops the start instead of the first sign-in.
        LOG.log(Logger.Level.INFO, "dashboard login: " + users().list().size() + " user(s)"
                + usersFile.map(f -> ", some from " + f).orElse(""));
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public AccessCheck check(String authorization, Scope needed) {
        return book().check(authorization, needed);
    }

    /** The scope each HTTP route needs. */
    public RouteScopes routes() {
        return routes;
    }

    /** The tokens, loaded at first use (a server with access control off and no token call never opens them). */
    public TokenBook book() {
        TokenBook current = book;
        if (current == null) {
            synchronized (this) {
                current = book;
                if (current == null) {
                    current = open();
                    book = current;
                }
            }
        }
        return current;
    }

    /** The dashboard's users, loaded at first use like the tokens. */
    public UserBook users() {
        UserBook current = users;
        if (current == null) {
            synchronized (this) {
                current = users;
                if (current == null) {
                    if (!stores.isResolvable()) {
                        throw new IllegalStateException("dashboard users need the state store (storage module)");
                    }
                    current = userBook(stores.get(), passwordIterations, usersFile, audit::record);
                    users = current;
                }
            }
        }
        return current;
    }

    /**
     * Makes the admin token {@value #BOOTSTRAP_NAME} when there is no token at all, its secret written to
     * {@code <dataDir>/}{@value #BOOTSTRAP_FILE} (mode 600): at the server's start, and when {@code bin/fluxtap token
     * create} works on a stopped server's data directory (else the token it makes would leave the next start without
     * an admin token).
     *
     * @return the file written; empty when there were tokens already
     */
    static Optional<Path> bootstrap(TokenBook tokens, Path dataDir, String caller) {
        return tokens.isEmpty() ? Optional.of(makeBootstrap(tokens, dataDir, caller)) : Optional.empty();
    }

    /** Makes the bootstrap admin token whatever the book holds, and writes its secret: see {@link #bootstrap}. */
    static Path makeBootstrap(TokenBook tokens, Path dataDir, String caller) {
        TokenBook.Created created = tokens.create(BOOTSTRAP_NAME, EnumSet.of(Scope.ADMIN), null, caller);
        Path file = dataDir.resolve(BOOTSTRAP_FILE);
        try {
            OwnerOnlyFiles.write(file, (created.secret() + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bootstrap admin token to " + file, e);
        }
        return file;
    }

    /**
     * The tokens as the server keeps them: in {@code store}, hashed under the server key {@code <dataDir>/auth.key}
     * (made at first use). The offline {@code bin/fluxtap token} opens them the same way.
     */
    static TokenBook tokenBook(StateStore store, Path dataDir, Consumer<TokenChange> audit) {
        byte[] key;
        try {
            key = OwnerOnlyFiles.serverKey(dataDir.resolve(KEY_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the server key " + dataDir.resolve(KEY_FILE), e);
        }
        return new TokenBook(store, Clock.systemUTC(), key, audit);
    }

    /** The dashboard's users as the server keeps them: in {@code store}, and those of {@value #USERS_FILE_KEY}. */
    static UserBook userBook(StateStore store, int passwordIterations, Optional<String> usersFile,
                             Consumer<AuditEntry> audit) {
        return new UserBook(store, Clock.systemUTC(), passwordIterations, audit, configuredUsers(usersFile));
    }

    private static List<DashboardAccount> configuredUsers(Optional<String> usersFile) {
        Optional<String> named = usersFile.filter(f -> !f.isBlank());
        if (named.isEmpty()) {
            return List.of();
        }
        Path file = Path.of(named.get());
        try {
            return UserFile.read(file, Clock.systemUTC().instant());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + USERS_FILE_KEY + " " + file.toAbsolutePath(), e);
        }
    }

    private TokenBook open() {
        if (!stores.isResolvable()) {
            throw new IllegalStateException("access control needs the state store (storage module)");
        }
        return tokenBook(stores.get(), dataDir, audit::write);
    }

    static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            // A name that does not resolve here cannot be proven local: treat it as exposed.
            return false;
        }
    }
}
