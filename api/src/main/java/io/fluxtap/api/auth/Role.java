package io.fluxtap.api.auth;

import java.util.Locale;

/**
 * What a dashboard user may do. Each role includes the one before it: a viewer reads, an editor also changes what
 * operators change day to day (silences, levels, metric dashboards), an admin also manages users.
 */
public enum Role {
    /** Read-only pages; the SQL console only when {@code fluxtap.dashboard.viewer-sql} allows it. */
    VIEWER,
    /** Also silences, levels and metric dashboards. */
    EDITOR,
    /** Everything, users included. */
    ADMIN;

    /** The name as written in the CLI, the API and the README ({@code viewer}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Silences, levels, dashboards: what the dashboard lets an editor change. */
    public boolean canChange() {
        return this != VIEWER;
    }

    public boolean canManageUsers() {
        return this == ADMIN;
    }

    /** @throws IllegalArgumentException naming the roles there are, for an unknown one */
    public static Role parse(String text) {
        String name = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (Role role : values()) {
            if (role.label().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + (text == null ? "" : text.strip())
                + "' (roles: viewer, editor, admin)");
    }
}
