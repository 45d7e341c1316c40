package io.fluxtap.ui;

import io.fluxtap.api.ComponentHealth;
import io.fluxtap.api.HealthContributor;
import io.fluxtap.api.Level;
import io.fluxtap.api.LevelCount;
import io.fluxtap.api.LogContext;
import io.fluxtap.api.LogQuery;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.LogSearch;
import io.fluxtap.ui.testing.DashboardDom;
import io.fluxtap.ui.testing.HeadlessChromium;
import io.fluxtap.ui.testing.InMemoryLogQuery;
import io.fluxtap.ui.testing.TestLogs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard as the server runs it: a bean in Helidon's CDI container, seeing the container's beans. */
class DashboardServerCdiTest {

    private static final String CDI_LINE = "served from a CDI bean 5d1c";

    @Test
    void startsWithTheApplicationScopeShowsTheContainersBeansAndStopsWithIt() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.locate();
        URI uri;
        try (SeContainer container = SeContainerInitializer.newInstance()
                .addBeanClasses(CdiLogQuery.class, CdiHealth.class)
                .initialize()) {
            // Nobody calls start(): the bean observes the application scope's start.
            DashboardServer server = container.select(DashboardServer.class).get();
            uri = server.uri();
            assertTrue(server.port() > 0 && server.port() != 8090, "fluxtap.ui.port=0 was not applied: " + uri);

            String logs = chromium.awaitDom(uri.resolve("logs"), dom -> dom.contains(CDI_LINE), Duration.ofSeconds(60));
            assertEquals(List.of(CDI_LINE), DashboardDom.logBodies(logs));
            // The dashboard searched the container's own instance, the one the REST API would get too.
            assertTrue(container.select(CdiLogQuery.class).get().searches() > 0, "the dashboard used another LogQuery");

            String overview = chromium.awaitDom(uri, dom -> dom.contains("cdi-health"), Duration.ofSeconds(60));
            assertTrue(overview.contains("cdi-health"), overview);
        }
        URI stopped = uri;
        assertThrows(ConnectException.class, () -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(stopped).build(), HttpResponse.BodyHandlers.discarding()));
    }

    @ApplicationScoped
    public static class CdiLogQuery implements LogQuery {

        private final InMemoryLogQuery store = new InMemoryLogQuery(List.of(
                TestLogs.log(Instant.now(), "cdi", "bean", Level.WARN, CDI_LINE, null)));
        private final AtomicInteger searches = new AtomicInteger();

        @Override
        public List<LogRecord> search(LogSearch search) {
            searches.incrementAndGet();
            return store.search(search);
        }

        @Override
        public List<LevelCount> levelCounts(LogSearch search, Duration step) {
            return store.levelCounts(search, step);
        }

        @Override
        public List<String> entityNames() {
            return store.entityNames();
        }

        @Override
        public LogContext context(LogRecord record, int each) {
            return store.context(record, each);
        }

        @Override
        public List<String> attributeKeys(Instant from, Instant to, int limit) {
            return store.attributeKeys(from, to, limit);
        }

        int searches() {
            return searches.get();
        }
    }

    @ApplicationScoped
    public static class CdiHealth implements HealthContributor {

        @Override
        public String component() {
            return "cdi-health";
        }

        @Override
        public ComponentHealth check() {
            return ComponentHealth.healthy(Map.of());
        }
    }
}
