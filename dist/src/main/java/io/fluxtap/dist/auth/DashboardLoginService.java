package io.fluxtap.dist.auth;

import io.fluxtap.api.auth.DashboardLogin;
import io.fluxtap.api.auth.DashboardUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The dashboard's sign-in over the {@link UserBook}: required exactly when access control is on, throttled per
 * user and per address ({@link LoginThrottle}), every attempt audited.
 */
@ApplicationScoped
public class DashboardLoginService implements DashboardLogin {

    public static final String VIEWER_SQL_KEY = "fluxtap.dashboard.viewer-sql";

    private AccessControl access;
    private boolean viewerSql;
    private LoginThrottle throttle;

    /** For CDI's proxy. */
    DashboardLoginService() {
    }

    @Inject
    public DashboardLoginService(AccessControl access,
                                 @ConfigProperty(name = VIEWER_SQL_KEY, defaultValue = "true") boolean viewerSql) {
        this.access = access;
        this.viewerSql = viewerSql;
        this.throttle = new LoginThrottle(Clock.systemUTC());
    }

    @Override
    public boolean required() {
        return access.enabled();
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
            access.audit(new AuditEntry("dashboard", "login throttled", typed, from,
                    "locked for " + Math.max(1, locked.toSeconds()) + " s more after repeated failures"));
            return Optional.empty();
        }
        Optional<DashboardUser> user = access.users().verify(typed, password);
        if (user.isEmpty()) {
            throttle.failed(userKey);
            throttle.failed(addressKey);
            access.audit(new AuditEntry("dashboard", "login refused", typed, from, "wrong name or password"));
            return Optional.empty();
        }
        throttle.succeeded(userKey);
        throttle.succeeded(addressKey);
        access.audit(new AuditEntry("dashboard", "login", typed, from, "role " + user.get().role().label()));
        return user;
    }

    @Override
    public void audit(String who, String action, String detail, String from) {
        access.audit(new AuditEntry("dashboard", action, who, from, detail));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
