package io.fluxtap.dist.auth;

import io.fluxtap.api.audit.AuditEntry;
import io.fluxtap.api.auth.DashboardLogin;
import io.fluxtap.api.auth.DashboardUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The dashboard's sign-in over the {@link UserBook}: required exactly when access control is on, throttled per
 * user and per address ({@link LoginThrottle}), every attempt audited.
 */
@ApplicationScoped
public class DashboardLoginService implements DashboardLogin {

    public static final String VIEWER_SQL_KEY = "fluxtap.dashboard.viewer-sql";

    private BooleanSupplier required;
    private Supplier<UserBook> users;
    private Consumer<AuditEntry> audit;
    private boolean viewerSql;
    private LoginThrottle throttle;

    /** For CDI's proxy. */
    DashboardLoginService() {
    }

    @Inject
    public DashboardLoginService(AccessControl access, LaneAuditTrail audit,
                                 @ConfigProperty(name = VIEWER_SQL_KEY, defaultValue = "true") boolean viewerSql) {
        this(access::enabled, access::users, audit::record, viewerSql, new LoginThrottle(Clock.systemUTC()));
    }

    /** The parts apart, for tests: whether a login is required, the users, where audit records go, the throttle. */
    DashboardLoginService(BooleanSupplier required, Supplier<UserBook> users, Consumer<AuditEntry> audit,
                          boolean viewerSql, LoginThrottle throttle) {
        this.required = required;
        this.users = users;
        this.audit = audit;
        this.viewerSql = viewerSql;
        this.throttle = throttle;
    }

    @Override
    public boolean required() {
        return required.getAsBoolean();
    }

    @Override
    public boolean viewerSql() {
        return viewerSql;
    }

    @Override
    public Optional<DashboardUser> login(String name, char[] password, String from) {
        String typed = name == null ? "" : name.strip();
        String userKey = "user:" + typed;
        String addressKey = "ip:" + from;
        Duration locked = max(throttle.lockedFor(userKey), throttle.lockedFor(addressKey));
        if (!locked.isZero()) {
            Arrays.fill(password, '\0');
            audit.accept(new AuditEntry("dashboard", "login throttled", typed, from,
                    "locked for " + Math.max(1, locked.toSeconds()) + " s more after repeated failures"));
            return Optional.empty();
        }
        Optional<DashboardUser> user = users.get().verify(typed, password);
        if (user.isEmpty()) {
            throttle.failed(userKey);
            throttle.failed(addressKey);
            audit.accept(new AuditEntry("dashboard", "login refused", typed, from, "wrong name or password"));
            return Optional.empty();
        }
        throttle.succeeded(userKey);
        throttle.succeeded(addressKey);
        audit.accept(new AuditEntry("dashboard", "login", typed, from, "role " + user.get().role().label()));
        return user;
    }

    @Override
    public Optional<DashboardUser> current(String name, Instant signedInAt) {
        return users.get().find(name).filter(a -> !a.created().isAfter(signedInAt))
                .map(a -> new DashboardUser(a.name(), a.role()));
    }

    @Override
    public void audit(String who, String action, String detail, String from) {
        audit.accept(new AuditEntry("dashboard", action, who, from, detail));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
