package io.fluxtap.api.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers every answer of a Fluxtap listener carries. Both policies forbid framing (clickjacking), MIME sniffing
 * (a JSON body holding user text must never run as a script or page) and referrers (URLs carry queries).
 */
public final class SecurityHeaders {

    /**
     * The API and OTLP sockets serve JSON, text and one plain HTML index page without scripts, styles or images:
     * nothing needs to load.
     */
    public static final Map<String, String> API = headers("default-src 'none'; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'none'");

    /**
     * The Vaadin dashboard: Flow's bootstrap page and client engine use inline scripts and styles and the client
     * evaluates the server's UI changes ({@code 'unsafe-eval'}); charts draw from {@code data:}/{@code blob:} URLs.
     * Everything else comes from the dashboard's own origin; the live tail's push connection included.
     */
    public static final Map<String, String> DASHBOARD = headers("default-src 'self'; "
            + "script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
            + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'");

    private SecurityHeaders() {
    }

    private static Map<String, String> headers(String contentSecurityPolicy) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Content-Security-Policy", contentSecurityPolicy);
        return Map.copyOf(headers);
    }
}
