package io.fluxtap.api.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * The dashboard's sign-in (issue #17): the server implements it over its user store when access control is on. A
 * dashboard that finds no such service, or one that is not {@link #required()}, asks nobody to sign in, as on
 * loopback by default.
 */
public interface DashboardLogin {

    /** Whether the dashboard asks for a login at all ({@code fluxtap.auth.enabled}). */
    boolean required();

    /** Whether a {@link Role#VIEWER} may use the SQL console ({@code fluxtap.dashboard.viewer-sql}). */
    boolean viewerSql();

    /**
     * Checks a name and password; throttles repeated failures per user and per address, and audits the attempt.
     *
     * @param password the typed password; implementations may clear it
     * @param from     the client's address, for the throttle and the audit record
     * @return the user when the password is right and the attempt was not throttled
     */
    Optional<DashboardUser> login(String name, char[] password, String from);

    /**
     * The signed-in user as the user store has them now, asked on every dashboard request: with the current role, or
     * empty once the user is removed, or when the account of that name was made after {@code signedInAt} (removed
     * and added again: another account, perhaps for another person or after a password leaked). Cheap: no password
     * is hashed here.
     *
     * @param signedInAt when the session signed in
     */
    Optional<DashboardUser> current(String name, Instant signedInAt);

    /**
     * Writes an audit record of an action taken in the dashboard (a sign-out, a refused action, ...).
     *
     * @param who    the user's name
     * @param action what was done, e.g. {@code logout}
     * @param detail more about it; may be empty
     * @param from   the client's address
     */
    void audit(String who, String action, String detail, String from);
}
