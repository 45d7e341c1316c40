package io.fluxtap.api.auth;

import java.util.Objects;

/** Who is signed in to the dashboard: the name shown and audited, and what the role allows. */
public record DashboardUser(String name, Role role) {

    public DashboardUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }
}
