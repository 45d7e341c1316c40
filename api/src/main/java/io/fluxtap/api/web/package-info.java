/**
 * What every HTTP listener of Fluxtap (the API and OTLP/HTTP sockets on Helidon, the dashboard on Jetty) decides
 * about a request before any resource sees it, and the headers every answer carries (issue #17).
 *
 * <p>The rules, in the order {@link io.fluxtap.api.web.HttpGuard#check} applies them:
 * <ol>
 *   <li>Host: the {@code Host} header (without its port) must name this server: a built-in name
 *       ({@code localhost}, the configured {@code fluxtap.host} unless it is a wildcard, the machine's host name),
 *       a name of {@code fluxtap.http.allowed-hosts}, or any IP address literal. Otherwise the answer is 421. DNS
 *       rebinding points a name the attacker owns at 127.0.0.1; the browser then sends that name as {@code Host},
 *       never an IP literal, so literals are safe to accept and keep clients that connect by address working.
 *       {@code *} turns the check off.</li>
 *   <li>Origin: a request a page of another origin can make without a CORS preflight and that changes or runs
 *       something (any method but GET, HEAD and OPTIONS, and any protocol upgrade, e.g. a WebSocket) is refused
 *       with 403 when it carries an {@code Origin} that is not the request's own {@code http://Host}. Clients that
 *       are not browsers (curl, SDKs, Prometheus, amtool, Grafana's server-side proxy) send no {@code Origin} and
 *       are never affected. Cross-origin GETs pass: without an {@code Access-Control-Allow-Origin} in the answer the
 *       page cannot read it, and the Host rule stops rebinding.</li>
 * </ol>
 * A listener may let origins of {@code fluxtap.http.cors-allowed-origins} through (the OTLP/HTTP socket does, for
 * browser OpenTelemetry exporters); the listener answers their preflights itself.
 *
 * <p>The classes here are plain Java: each listener adapts them to its own server's filter API.
 */
package io.fluxtap.api.web;
