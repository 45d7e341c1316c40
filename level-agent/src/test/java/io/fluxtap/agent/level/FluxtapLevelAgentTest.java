package io.fluxtap.agent.level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * The poller against a stand-in of the level API (the JDK's HttpServer: this module has no dependencies, not even
 * fluxtap-testing); the real server and a separate JVM are in dist's {@code LevelAgentIT}.
 */
class FluxtapLevelAgentTest {

    @Test
    void followsTheLevelAndSendsTheEtagItWasGiven() throws Exception {
        AtomicReference<String> level = new AtomicReference<>("info");
        List<String> seenTags = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/levels/", exchange -> {
            if (!"/api/v1/levels/check%20out".equals(exchange.getRequestURI().getRawPath())) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            String tag = "\"" + level.get() + "\"";
            String asked = exchange.getRequestHeaders().getFirst("If-None-Match");
            seenTags.add(String.valueOf(asked));
            if (tag.equals(asked)) {
                exchange.sendResponseHeaders(304, -1);
            } else {
                byte[] body = ("{\"service\":\"check out\",\"level\":\"" + level.get() + "\",\"expires_at\":null,"
                        + "\"version\":1}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("ETag", tag);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        List<String> applied = new CopyOnWriteArrayList<>();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (LevelPoller poller = FluxtapLevelAgent.start(url, "check out", Duration.ofSeconds(1), applied::add)) {
            await(() -> applied.equals(List.of("info")));
            await(() -> seenTags.contains("\"info\""));
            level.set("debug");
            await(() -> applied.equals(List.of("info", "debug")));
            assertEquals("debug", poller.level());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void setsTheJulRootLevelAndItsHandlers() {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        Level before = root.getLevel();
        try {
            // The platform loader sees neither Logback nor Log4j2 (the test class path has both, for the next test).
            List<String> frameworks = new RootLevels(ClassLoader.getPlatformClassLoader()).apply("trace");
            assertEquals(List.of("jul"), frameworks, "neither Logback nor Log4j2 through the platform loader");
            assertEquals(Level.FINEST, root.getLevel());
            assertTrue(root.isLoggable(Level.FINEST));
            new RootLevels(ClassLoader.getPlatformClassLoader()).apply("error");
            assertEquals(Level.SEVERE, root.getLevel());
        } finally {
            root.setLevel(before);
        }
    }

    @Test
    void setsTheRootLevelOfLogbackAndLog4j2WhenTheApplicationHasThem() {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("");
        Level julBefore = jul.getLevel();
        ch.qos.logback.classic.Logger logback = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Level logbackBefore = logback.getLevel();
        org.apache.logging.log4j.Level log4jBefore = org.apache.logging.log4j.LogManager.getRootLogger().getLevel();
        try {
            RootLevels levels = new RootLevels(getClass().getClassLoader());
            assertEquals(List.of("jul", "logback", "log4j2"), levels.apply("debug"));
            assertEquals(ch.qos.logback.classic.Level.DEBUG, logback.getLevel());
            assertTrue(logback.isDebugEnabled());
            assertEquals(org.apache.logging.log4j.Level.DEBUG,
                    org.apache.logging.log4j.LogManager.getRootLogger().getLevel());

            levels.apply("warn");
            assertEquals(ch.qos.logback.classic.Level.WARN, logback.getLevel());
            assertFalse(logback.isInfoEnabled());
            assertEquals(org.apache.logging.log4j.Level.WARN,
                    org.apache.logging.log4j.LogManager.getRootLogger().getLevel());
            assertFalse(org.apache.logging.log4j.LogManager.getLogger("some.app").isInfoEnabled(),
                    "a logger without a level of its own follows the root");
        } finally {
            jul.setLevel(julBefore);
            logback.setLevel(logbackBefore);
            org.apache.logging.log4j.core.config.Configurator.setRootLevel(log4jBefore);
        }
    }

    @Test
    void readsAgentOptions() {
        assertEquals(Map.of("url", "http://h:8080", "service", "a"),
                FluxtapLevelAgent.options("url=http://h:8080, service=a"));
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 30 s");
            }
            Thread.sleep(20);
        }
    }
}
