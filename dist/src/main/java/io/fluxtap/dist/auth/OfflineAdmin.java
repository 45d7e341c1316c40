package io.fluxtap.dist.auth;

import io.fluxtap.api.Lane;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.api.StoreException;
import io.fluxtap.dist.config.FluxtapConfig;
import io.fluxtap.dist.ops.DatabaseLock;
import io.fluxtap.storage.alerting.DuckDbStateStore;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.DuckDbRecordSink;
import io.fluxtap.storage.duck.DuckDbResources;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

/**
 * The tokens and users of a stopped server, for {@code bin/fluxtap token} and {@code user} when no server answers
 * (issue #17): the data directory's DuckDB opened by this process (schema migrations applied, as the server's start
 * does), the same {@link TokenBook} and {@link UserBook} the server builds ({@link AccessControl#tokenBook},
 * {@link AccessControl#userBook}: the same server key, the same users file), and every change's audit record written
 * straight into {@code active_logs} through the store's sink on lane P1, committed before the command exits (the
 * server would have put it there through its WAL). Who is the OS user, from is {@value #FROM}.
 */
final class OfflineAdmin implements AutoCloseable {

    static final String FROM = "local";

    private final Path dataDir;
    private final int passwordIterations;
    private final Optional<String> usersFile;
    private final DuckDbDatabase database;
    private final RecordSink.Writer audit;
    private final DuckDbStateStore store;
    private final PrintWriter err;
    private final String who;
    /** Held while open: the store's INFO lines would go to standard output, where only the secret may be. */
    private final Logger quietStorage;
    private final Level storageLevel;
    private TokenBook tokens;
    private UserBook users;

    /** @param dataDir as given with --data-dir, null for the configuration's */
    private OfflineAdmin(Config config, Path dataDir, PrintWriter err) throws IOException {
        this.err = err;
        this.dataDir = (dataDir != null ? dataDir
                : Path.of(config.getOptionalValue("fluxtap.data.dir", String.class).orElse("./data")))
                .toAbsolutePath().normalize();
        this.passwordIterations = config.getOptionalValue(AccessControl.PASSWORD_ITERATIONS_KEY, Integer.class)
                .orElse(UserBook.DEFAULT_ITERATIONS);
        this.usersFile = config.getOptionalValue(AccessControl.USERS_FILE_KEY, String.class);
        String user = System.getProperty("user.name");
        this.who = user == null || user.isBlank() ? "cli" : user;
        if (DatabaseLock.held(this.dataDir)) {
            throw locked(this.dataDir, null);
        }
        this.quietStorage = Logger.getLogger("io.fluxtap.storage");
        this.storageLevel = quietStorage.getLevel();
        quietStorage.setLevel(Level.WARNING);
        DuckDbResources resources = DuckDbResources.fromConfig(
                config.getOptionalValue("fluxtap.duckdb.memory-limit", String.class).orElse("auto"),
                config.getOptionalValue("fluxtap.duckdb.threads", Integer.class).orElse(0));
        try {
            this.database = new DuckDbDatabase(this.dataDir, 1, resources);
        } catch (IllegalStateException e) {
            quietStorage.setLevel(storageLevel);
            // A server that started between the probe and here: DuckDB's own refusal says "lock".
            if (String.valueOf(e.getMessage()).contains("lock")) {
                throw locked(this.dataDir, e);
            }
            throw e;
        }
        this.store = new DuckDbStateStore(database, Clock.systemUTC());
        this.audit = new DuckDbRecordSink(database).openWriter(Lane.P1);
    }

    /**
     * Opens {@code dataDir}, or (null) the one the configuration names ({@code fluxtap.home}'s {@code conf},
     * {@code FLUXTAP_...}), with the server's configuration for the rest.
     */
    static OfflineAdmin open(Path dataDir, PrintWriter err) throws IOException {
        Config config = FluxtapConfig.load(Path.of(System.getProperty("fluxtap.home", ".")));
        try {
            return new OfflineAdmin(config, dataDir, err);
        } finally {
            ConfigProviderResolver.instance().releaseConfig(config);
        }
    }

    private static IOException locked(Path dataDir, Exception cause) {
        return new IOException("the database " + dataDir.resolve(DuckDbDatabase.FILE_NAME) + " is in use by another "
                + "process, most likely a Fluxtap server that does not answer at the configured address (a different "
                + "fluxtap.http.port or fluxtap.host where it runs?); give its address with --url", cause);
    }

    Path dataDir() {
        return dataDir;
    }

    /** The OS user running the command, who the audit records name. */
    String who() {
        return who;
    }

    /** As the admin API names its caller for the tokens' audit: {@code <who> from <where>}. */
    String caller() {
        return who + " from " + FROM;
    }

    TokenBook tokens() {
        if (tokens == null) {
            tokens = AccessControl.tokenBook(store, dataDir, change -> write(change.record(Clock.systemUTC().instant())));
        }
        return tokens;
    }

    UserBook users() {
        if (users == null) {
            users = AccessControl.userBook(store, passwordIterations, usersFile,
                    entry -> write(entry.record(Clock.systemUTC().instant())));
        }
        return users;
    }

    private void write(LogRecord record) {
        try {
            audit.write(new RecordBatch(Lane.P1, List.of(record)));
        } catch (StoreException e) {
            // The change itself is stored: say the record is missing rather than hide the change's outcome.
            err.println("fluxtap: warning: the audit record could not be stored (" + e.getMessage() + "): "
                    + record.body());
        }
    }

    @Override
    public void close() {
        try {
            audit.close();
        } finally {
            database.close();
            quietStorage.setLevel(storageLevel);
        }
    }
}
