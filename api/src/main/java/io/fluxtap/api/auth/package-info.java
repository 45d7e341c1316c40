/**
 * Access control by API tokens with scopes (issue #17): the {@link io.fluxtap.api.auth.Scope}s, the port every
 * listener asks ({@link io.fluxtap.api.auth.Authenticator}) and the table saying which scope each HTTP route needs
 * ({@link io.fluxtap.api.auth.RouteScopes}). Plain Java; the server (dist) implements the port, Helidon's filter
 * and the OTLP/gRPC interceptor adapt it.
 */
package io.fluxtap.api.auth;
