/**
 * The dashboard's sign-in (issue #17). When the server offers a {@link io.fluxtap.api.auth.DashboardLogin} that is
 * required (access control on), {@link io.fluxtap.ui.login.AccessGate} sends every navigation without a signed-in
 * user to {@link io.fluxtap.ui.login.LoginView}, and refuses pages the user's role may not open
 * ({@link io.fluxtap.ui.login.ForbiddenView}). The views ask {@link io.fluxtap.ui.login.DashboardAccess} before every
 * change, so a hidden button is never the only check. The signed-in user is looked up again on each of those
 * ({@link io.fluxtap.ui.login.DashboardAccess#user()}): a removed user's session is signed out at once, and the current
 * role counts. Without such a login the dashboard is open, as on loopback.
 */
package io.fluxtap.ui.login;
