package io.fluxtap.ui.login;

import io.fluxtap.api.auth.Role;
import io.fluxtap.api.web.HttpGuard;
import io.fluxtap.ui.DashboardServer;
import io.fluxtap.ui.testing.BrowserSession;
import io.fluxtap.ui.testing.HeadlessChromium;
import io.fluxtap.ui.testing.InMemoryAlertControl;
import io.fluxtap.ui.testing.InMemoryDashboardLogin;
import io.fluxtap.ui.testing.InMemoryLogQuery;
import io.fluxtap.ui.testing.MapServiceLookup;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session behind a sign-in: its cookie's attributes, and its end after the configured idle time. */
class LoginSessionTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static DashboardServer server;

    @BeforeAll
    static void start() {
        InMemoryDashboardLogin login = new InMemoryDashboardLogin(Map.of(
                "ed", new InMemoryDashboardLogin.Account("editor-pass-1", Role.EDITOR)), true);
        server = new DashboardServer("127.0.0.1", 0, Duration.ofSeconds(5), MapServiceLookup.of(
                new InMemoryAlertControl(), login, new InMemoryLogQuery(List.of())),
                HttpGuard.fromSettings("", "127.0.0.1", ""), TIMEOUT);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndNotSecureOverPlainHttp() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(server.uri().resolve("login")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            List<String> cookies = page.headers().allValues("set-cookie");
            String session = cookies.stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst()
                    .orElseThrow(() -> new AssertionError("no session cookie in " + page.headers().map()));
            String attributes = session.toLowerCase(Locale.ROOT);
            assertTrue(attributes.contains("; httponly"), session);
            assertTrue(attributes.contains("; samesite=strict"), session);
            // Secure only under TLS: over plain HTTP a Secure cookie would never come back.
            assertFalse(attributes.contains("; secure"), session);
        }
    }

    @Test
    void aSignedInSessionEndsAfterItsIdleTimeout() {
        try (BrowserSession browser = HeadlessChromium.locate().open(1200, 800)) {
            browser.navigate(server.uri().resolve("alerts?refresh=off"));
            browser.await("!!document.querySelector('#login-form input[name=username]')", DEADLINE);
            browser.type("#login-form input[name=username]", "ed");
            browser.typeAndEnter("#login-form input[name=password]", "editor-pass-1");
            browser.await("!!document.querySelector('#signed-in-user')", DEADLINE);

            // Wait out the timeout in the page's own clock: evaluating it sends the server nothing, so the session
            // sees no request (no auto-refresh here, and Vaadin's heartbeat comes every 5 minutes).
            long idleUntil = System.currentTimeMillis() + TIMEOUT.toMillis() + 1500;
            browser.await("Date.now() > " + idleUntil, DEADLINE);
            browser.navigate(server.uri().resolve("alerts?refresh=off"));
            browser.await("!!document.querySelector('#login-form input[name=username]')", DEADLINE);
            assertFalse(browser.eval("!!document.querySelector('#signed-in-user')").asBoolean());
        }
    }
}
