package io.fluxtap.dist.e2e;

import static io.fluxtap.dist.e2e.TestHttp.await;
import static io.fluxtap.dist.e2e.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.dist.arquillian.RunningFluxtap;
import io.fluxtap.dist.auth.UserCli;
import io.fluxtap.ui.testing.BrowserSession;
import io.fluxtap.ui.testing.HeadlessChromium;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard login on the whole server with access control on: users made with {@code fluxtap user} through the
 * admin API, signed in from headless Chromium against the real password store; a viewer sees no Silence button on a
 * firing alert, an admin silences it; every sign-in and user change is an audit record.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DashboardLoginEndToEndTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ArquillianResource
    RunningFluxtap fluxtap;

    @Deployment(testable = false)
    static JavaArchive deployment() {
        // Every test class runs in a JVM of its own (dist's surefire configuration), so this reaches only this server.
        System.setProperty("fluxtap.auth.enabled", "true");
        // Fewer PBKDF2 rounds than the default keep the test quick on a busy machine; the hash is the same kind.
        System.setProperty("fluxtap.auth.password-iterations", "20000");
        return ShrinkWrap.create(JavaArchive.class, "fluxtap-dashboard-login.jar");
    }

    @Test
    void usersAreManagedWithTheCommandAndSignInWithTheirRole() throws Exception {
        String url = fluxtap.api("/").toString();
        String file = fluxtap.dataDir().resolve("bootstrap-admin.token").toString();
        assertEquals(0, user("viewer-pass-1\n", "add", "--name", "vera", "--role", "viewer", "--password-stdin",
                "--url", url, "--token-file", file).status(), "add vera");
        assertEquals(0, user("admin-pass-1\n", "add", "--name", "ada", "--role", "admin", "--password-stdin",
                "--url", url, "--token-file", file).status(), "add ada");
        Run shortOne = user("short\n", "add", "--name", "sam", "--role", "editor", "--password-stdin", "--url", url,
                "--token-file", file);
        assertEquals(1, shortOne.status());
        assertEquals("fluxtap user: a password has 8 to 1024 characters", shortOne.err().strip());
        Run twice = user("another-pass\n", "add", "--name", "vera", "--role", "admin", "--password-stdin", "--url",
                url, "--token-file", file);
        assertEquals("fluxtap user: a user named 'vera' exists; remove it first", twice.err().strip());
        Run empty = user("", "add", "--name", "tim", "--role", "viewer", "--password-stdin", "--url", url,
                "--token-file", file);
        assertEquals(2, empty.status(), empty.err());
        Run badRole = user("long-enough\n", "add", "--name", "tim", "--role", "root", "--password-stdin", "--url", url,
                "--token-file", file);
        assertEquals("fluxtap user: unknown role 'root' (roles: viewer, editor, admin)", badRole.err().strip());
        Run listed = user("", "list", "--url", url, "--token-file", file);
        assertEquals(0, listed.status(), listed.err());
        List<String> lines = listed.out().lines().toList();
        assertTrue(lines.getFirst().startsWith("NAME"), listed.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ada ") && l.contains(" admin ")), listed.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("vera ") && l.contains(" viewer ")), listed.out());
        assertFalse(listed.out().contains("pass"), listed.out());

        // A firing alert, sent as Prometheus would, with a write token.
        String admin = Files.readString(fluxtap.dataDir().resolve("bootstrap-admin.token")).strip();
        String writer = token(admin, "alert-sender", "write");
        assertEquals(200, send("POST", fluxtap.api("/alertmanager/api/v2/alerts"), writer,
                "[{\"labels\": {\"alertname\": \"LoginTestAlert\", \"job\": \"api\"}}]").statusCode());

        try (BrowserSession browser = HeadlessChromium.locate().open(1400, 900)) {
            URI alerts = fluxtap.dashboard("/alerts?refresh=off");
            // A wrong password first: refused, still on the login page.
            browser.navigate(alerts);
            awaitLoginForm(browser);
            enter(browser, "vera", "not-her-password");
            browser.await("!!document.querySelector('#login-form[error]')", DEADLINE);
            assertFalse(browser.eval("!!document.querySelector('#alerts-grid')").asBoolean());

            enter(browser, "vera", "viewer-pass-1");
            browser.await("!!document.querySelector('#signed-in-user')", DEADLINE);
            browser.await("document.querySelector('#alerts-grid') && "
                    + "document.querySelector('#alerts-grid').innerText.includes('LoginTestAlert')", DEADLINE);
            assertEquals("vera (viewer)", browser.eval("document.querySelector('#signed-in-user').innerText").asString());
            assertFalse(browser.eval("!!document.querySelector('.silence-alert')").asBoolean(), "viewer: no Silence");
            browser.click("#logout");
            awaitLoginForm(browser);

            browser.navigate(alerts);
            awaitLoginForm(browser);
            enter(browser, "ada", "admin-pass-1");
            browser.await("!!document.querySelector('.silence-alert')", DEADLINE);
            browser.click(".silence-alert");
            browser.await("document.querySelector('#silence-matchers').value.includes('LoginTestAlert')", DEADLINE);
            browser.typeAndEnter("#silence-comment", "silenced by ada in the login test");
            browser.click("#silence-create");
            browser.await("document.querySelector('#silence-message').innerText.includes('silence created')", DEADLINE);
        }
        String reader = token(admin, "silence-reader", "read");
        JsonNode silences = json(send("GET", fluxtap.api("/alertmanager/api/v2/silences"), reader, null));
        List<String> by = new ArrayList<>();
        silences.forEach(s -> by.add(s.path("createdBy").asText() + ": " + s.path("comment").asText()));
        assertEquals(List.of("ada (admin) from 127.0.0.1: silenced by ada in the login test"), by);

        // Audit: who, what, when (the record's time), from where, for sign-ins and user changes.
        URI audit = fluxtap.api("/api/v1/logs?limit=200&entity_name=fluxtap&contains=%20by%20");
        JsonNode records = await(Duration.ofSeconds(20), () -> json(send("GET", audit, reader, null)).get("logs"),
                l -> bodies(l).stream().anyMatch(b -> b.startsWith("login by ada from 127.0.0.1")));
        List<String> bodies = bodies(records);
        for (String expected : List.of("user add by bootstrap-admin from 127.0.0.1: vera as viewer",
                "login refused by vera from 127.0.0.1: wrong name or password",
                "login by vera from 127.0.0.1: role viewer", "logout by vera from 127.0.0.1",
                "login by ada from 127.0.0.1: role admin")) {
            assertTrue(bodies.contains(expected), expected + " in " + bodies);
        }
        for (JsonNode record : records) {
            assertFalse(record.toString().contains("pass-1"), "a password in the audit trail: " + record);
            if (record.get("body").asText().startsWith("login")) {
                assertEquals("true", record.get("attributes").get("audit").asText(), record.toString());
                assertEquals("127.0.0.1", record.get("attributes").get("from").asText(), record.toString());
            }
        }

        Run removed = user("", "remove", "vera", "--url", url, "--token-file", file);
        assertEquals(0, removed.status(), removed.err());
        assertEquals("removed user 'vera'", removed.err().strip());
        assertEquals(1, user("", "remove", "vera", "--url", url, "--token-file", file).status());
    }

    @Test
    void aRemovedUsersSessionEndsAtItsNextNavigationAndANewAccountOfTheNameIsNotTheOld() throws Exception {
        String url = fluxtap.api("/").toString();
        String file = fluxtap.dataDir().resolve("bootstrap-admin.token").toString();
        String admin = Files.readString(fluxtap.dataDir().resolve("bootstrap-admin.token")).strip();
        assertEquals(0, user("editor-pass-1\n", "add", "--name", "rita", "--role", "editor", "--password-stdin",
                "--url", url, "--token-file", file).status(), "add rita");
        try (BrowserSession browser = HeadlessChromium.locate().open(1400, 900)) {
            browser.navigate(fluxtap.dashboard("/alerts?refresh=off"));
            awaitLoginForm(browser);
            enter(browser, "rita", "editor-pass-1");
            browser.await("!!document.querySelector('#alerts-grid')", DEADLINE);
            assertEquals("rita (editor)", browser.eval("document.querySelector('#signed-in-user').innerText").asString());

            // Removed through the admin API (what bin/fluxtap user remove calls): the live session is no longer hers.
            HttpResponse<String> removed = send("DELETE", fluxtap.api("/api/v1/users/rita"), admin, null);
            assertEquals(204, removed.statusCode(), removed.body());
            browser.navigate(fluxtap.dashboard("/logs?refresh=off"));
            awaitLoginForm(browser);
            assertFalse(browser.eval("!!document.querySelector('#signed-in-user')").asBoolean(), "still signed in");

            // Signed in again, then the name removed and added again as a viewer with a new password (the only way
            // to change a role): the old session belongs to the old account and ends too.
            assertEquals(0, user("editor-pass-2\n", "add", "--name", "rita", "--role", "editor", "--password-stdin",
                    "--url", url, "--token-file", file).status(), "add rita again");
            enter(browser, "rita", "editor-pass-2");
            browser.await("!!document.querySelector('#signed-in-user')", DEADLINE);
            assertEquals(204, send("DELETE", fluxtap.api("/api/v1/users/rita"), admin, null).statusCode());
            assertEquals(0, user("viewer-pass-3\n", "add", "--name", "rita", "--role", "viewer", "--password-stdin",
                    "--url", url, "--token-file", file).status(), "add rita as a viewer");
            browser.navigate(fluxtap.dashboard("/alerts?refresh=off"));
            awaitLoginForm(browser);
            enter(browser, "rita", "viewer-pass-3");
            browser.await("!!document.querySelector('#signed-in-user')", DEADLINE);
            assertEquals("rita (viewer)", browser.eval("document.querySelector('#signed-in-user').innerText").asString());
        }
        String reader = token(admin, "session-audit-reader", "read");
        URI audit = fluxtap.api("/api/v1/logs?limit=200&entity_name=fluxtap&contains=session%20ended");
        JsonNode records = await(Duration.ofSeconds(20), () -> json(send("GET", audit, reader, null)).get("logs"),
                l -> l.size() >= 2);
        for (JsonNode record : records) {
            assertTrue(record.get("body").asText().startsWith("session ended by rita from 127.0.0.1: "),
                    record.toString());
            assertEquals("true", record.get("attributes").get("audit").asText(), record.toString());
        }
    }

    private record Run(int status, String out, String err) {
    }

    private static Run user(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = UserCli.run(args, new BufferedReader(new StringReader(stdin)), null, new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    private static void awaitLoginForm(BrowserSession browser) {
        browser.await("!!document.querySelector('#login-form input[name=username]')", DEADLINE);
    }

    private static void enter(BrowserSession browser, String name, String password) {
        browser.eval("(() => { for (const n of ['username', 'password']) { const i = document.querySelector("
                + "'#login-form input[name=' + n + ']'); i.value = ''; i.dispatchEvent(new Event('input', "
                + "{bubbles: true})); } return true; })()");
        browser.type("#login-form input[name=username]", name);
        browser.typeAndEnter("#login-form input[name=password]", password);
    }

    private static List<String> bodies(JsonNode logs) {
        List<String> bodies = new ArrayList<>();
        logs.forEach(l -> bodies.add(l.get("body").asText()));
        return bodies;
    }

    private String token(String admin, String name, String scopes) {
        HttpResponse<String> created = send("POST", fluxtap.api("/api/v1/tokens"), admin,
                "{\"name\":\"" + name + "\",\"scopes\":\"" + scopes + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        return json(created).get("secret").asText();
    }

    private HttpResponse<String> send(String method, URI uri, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(method + " " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(uri + " interrupted", e);
        }
    }
}
