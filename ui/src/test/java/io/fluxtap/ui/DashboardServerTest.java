package io.fluxtap.ui;

import io.fluxtap.api.ComponentHealth;
import io.fluxtap.api.Level;
import io.fluxtap.ui.testing.FixedHealth;
import io.fluxtap.ui.testing.InMemoryLogQuery;
import io.fluxtap.ui.testing.MapServiceLookup;
import io.fluxtap.ui.testing.TestLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DashboardServerTest {

    private static final ServiceLookup SERVICES = MapServiceLookup.of(
            new InMemoryLogQuery(List.of(TestLogs.log(Instant.now(), "svc", "gear", Level.INFO, "hello", null))),
            new FixedHealth("store", ComponentHealth.healthy(Map.of())));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private DashboardServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void portZeroBindsAFreePortAndServesTheProductionBootstrapPage() throws Exception {
        server = new DashboardServer("127.0.0.1", 0, SERVICES);
        server.start();

        assertTrue(server.port() > 0, "bound port " + server.port());
        assertEquals(URI.create("http://127.0.0.1:" + server.port() + "/"), server.uri());

        HttpResponse<String> page = get(server.uri().resolve("logs"));
        assertEquals(200, page.statusCode());
        // Production mode serves the pre-built bundle under VAADIN/build; development mode would not.
        Matcher script = Pattern.compile("src=\"(?:\\./)?(VAADIN/build/[^\"]+\\.js)\"").matcher(page.body());
        assertTrue(script.find(), "no bundle script in:\n" + page.body());
        HttpResponse<String> bundle = get(server.uri().resolve(script.group(1)));
        assertEquals(200, bundle.statusCode());
        assertTrue(bundle.body().length() > 10_000, "bundle is only " + bundle.body().length() + " characters");
    }

    @Test
    void themeStylesheetsFromTheVaadinJarsAreServed() throws Exception {
        server = new DashboardServer("127.0.0.1", 0, SERVICES);
        server.start();

        String page = get(server.uri()).body();
        Matcher link = Pattern.compile("<link href=\"(?:\\./)?([^\"]+\\.css[^\"]*)\"[^>]*rel=\"stylesheet\"").matcher(page);
        assertTrue(link.find(), "no stylesheet link in:\n" + page);
        HttpResponse<String> css = get(server.uri().resolve(link.group(1)));
        assertEquals(200, css.statusCode(), link.group(1));
        assertTrue(css.headers().firstValue("content-type").orElse("").startsWith("text/css"), css.headers().toString());
        assertTrue(css.body().contains("--lumo-"), "not the Lumo stylesheet");
    }

    @Test
    void stopReleasesThePort() throws Exception {
        server = new DashboardServer("127.0.0.1", 0, SERVICES);
        server.start();
        URI uri = server.uri();
        assertEquals(200, get(uri).statusCode());

        server.stop();

        assertThrows(ConnectException.class, () -> get(uri));
        assertThrows(IllegalStateException.class, server::port);
    }

    @Test
    void aTakenPortFailsTheStartInsteadOfTheFirstPageView() {
        server = new DashboardServer("127.0.0.1", 0, SERVICES);
        server.start();
        DashboardServer second = new DashboardServer("127.0.0.1", server.port(), SERVICES);

        IllegalStateException failure = assertThrows(IllegalStateException.class, second::start);
        assertTrue(failure.getMessage().contains(String.valueOf(server.port())), failure.getMessage());
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
