package io.fluxtap.api.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HttpGuardTest {

    private final HttpGuard guard = HttpGuard.fromSettings("", "127.0.0.1", "box7", "");

    @ParameterizedTest(name = "Host {0} -> {1}")
    @CsvSource({
            "localhost:8080, true", "LOCALHOST, true", "localhost., true", "127.0.0.1:8080, true",
            "'[::1]:8080', true", "box7:4318, true", "BOX7, true", "10.1.2.3:8080, true", "'[fe80::1]', true",
            "evil.example, false", "evil.example:8080, false", "127.0.0.1.nip.io, false", "localhost.evil, false",
            "999.1.1.1, false", "'', false", "'[::1', false"})
    void hostNamesAndLiterals(String host, boolean allowed) {
        assertEquals(allowed, guard.hostAllowed(host), host);
    }

    @Test
    void configuredNamesAddToTheBuiltInOnesAndStarTurnsTheCheckOff() {
        HttpGuard named = HttpGuard.fromSettings("fluxtap.internal, Ops.Example.", "0.0.0.0", null, "");
        assertTrue(named.hostAllowed("fluxtap.internal:8080"));
        assertTrue(named.hostAllowed("ops.example"));
        assertTrue(named.hostAllowed("localhost"));
        assertFalse(named.hostAllowed("0.0.0.0.example"));
        assertTrue(HttpGuard.fromSettings("*", "127.0.0.1", null, "").hostAllowed("evil.example"));
        assertTrue(HttpGuard.fromSettings("", "metrics.lan", null, "").hostAllowed("metrics.lan:8080"));
    }

    @Test
    void badSettingsNameTheKey() {
        IllegalArgumentException host = assertThrows(IllegalArgumentException.class,
                () -> HttpGuard.fromSettings("http://x:80", "127.0.0.1", null, ""));
        assertTrue(host.getMessage().startsWith("fluxtap.http.allowed-hosts: 'http://x:80'"), host.getMessage());
        IllegalArgumentException origin = assertThrows(IllegalArgumentException.class,
                () -> HttpGuard.fromSettings("", "127.0.0.1", null, "app.example.com"));
        assertTrue(origin.getMessage().startsWith("fluxtap.http.cors-allowed-origins: 'app.example.com'"),
                origin.getMessage());
    }

    @Test
    void aWrongHostIs421WhateverTheMethod() {
        Optional<Refusal> refusal = guard.check("GET", "rebound.example:8080", null, false, false);
        assertEquals(421, refusal.orElseThrow().status());
        assertTrue(refusal.get().message().contains("rebound.example:8080"), refusal.get().message());
        assertTrue(refusal.get().message().contains("fluxtap.http.allowed-hosts"), refusal.get().message());
        assertTrue(guard.check("POST", null, null, false, false).isEmpty(), "no Host: not a browser");
    }

    @ParameterizedTest(name = "{0} Origin {1} -> {2}")
    @CsvSource({
            "POST, http://evil.example, 403", "PUT, http://evil.example, 403", "DELETE, http://evil.example, 403",
            "post, null, 403", "POST, http://localhost:9999, 403", "POST, https://localhost:8080, 403",
            "POST, http://LOCALHOST:8080, 0", "POST, , 0", "GET, http://evil.example, 0",
            "HEAD, http://evil.example, 0", "OPTIONS, http://evil.example, 0"})
    void foreignOriginsMayNotChangeAnything(String method, String origin, int status) {
        Optional<Refusal> refusal = guard.check(method, "localhost:8080", origin, false, false);
        assertEquals(status, refusal.map(Refusal::status).orElse(0), () -> refusal.toString());
    }

    @Test
    void aForeignWebSocketHandshakeIsRefusedAndDefaultPortsCompareEqual() {
        assertEquals(403, guard.check("GET", "localhost:8090", "http://evil.example", true, false)
                .orElseThrow().status());
        assertTrue(guard.check("GET", "localhost:8090", "http://localhost:8090", true, false).isEmpty());
        assertTrue(guard.check("POST", "localhost", "http://localhost:80", false, false).isEmpty());
    }

    @Test
    void overTlsTheOwnOriginIsHttps() {
        assertTrue(guard.check("POST", "localhost:8090", "https://localhost:8090", false, false, true).isEmpty());
        assertEquals(403, guard.check("POST", "localhost:8090", "http://localhost:8090", false, false, true)
                .orElseThrow().status());
        assertTrue(guard.check("POST", "localhost", "https://localhost:443", false, false, true).isEmpty());
    }

    @Test
    void corsOriginsPassOnlyOnACorsListener() {
        HttpGuard cors = HttpGuard.fromSettings("", "127.0.0.1", null, "https://app.example.com, http://x.test:3000");
        assertTrue(cors.check("POST", "localhost:4318", "https://APP.example.com:443", false, true).isEmpty());
        assertTrue(cors.check("POST", "localhost:4318", "http://x.test:3000", false, true).isEmpty());
        assertEquals(403, cors.check("POST", "localhost:4318", "http://x.test:3001", false, true).orElseThrow()
                .status());
        assertEquals(403, cors.check("POST", "localhost:8080", "https://app.example.com", false, false)
                .orElseThrow().status());
        assertFalse(cors.corsAllowed("null"));
        HttpGuard any = HttpGuard.fromSettings("", "127.0.0.1", null, "*");
        assertTrue(any.corsAllowed("http://anything.example"));
        assertFalse(any.corsAllowed("null"));
        assertFalse(guard.corsAllowed("https://app.example.com"), "empty by default");
    }
}
