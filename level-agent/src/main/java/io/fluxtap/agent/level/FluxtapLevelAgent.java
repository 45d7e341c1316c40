package io.fluxtap.agent.level;

import java.lang.instrument.Instrumentation;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keeps the root logger level of this JVM at what Fluxtap holds its service to.
 *
 * <pre>
 * java -javaagent:fluxtap-level-agent-0.1.0.jar=url=http://fluxtap:8080,service=checkout -jar app.jar
 * </pre>
 * or, from the application's own code, {@code FluxtapLevelAgent.start(URI.create("http://fluxtap:8080"), "checkout")}.
 * Agent options (comma-separated {@code key=value}): {@code url} (else {@code FLUXTAP_LEVELS_URL}), {@code service}
 * (else {@code OTEL_SERVICE_NAME}), {@code wait} seconds of each long-poll (default 30). Each change is printed to
 * standard error (not logged: the logger's own level is what changes).
 */
public final class FluxtapLevelAgent {

    private FluxtapLevelAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        agentmain(args, instrumentation);
    }

    public static void agentmain(String args, Instrumentation instrumentation) {
        Map<String, String> options = options(args);
        String url = options.getOrDefault("url", System.getenv("FLUXTAP_LEVELS_URL"));
        String service = options.getOrDefault("service", System.getenv("OTEL_SERVICE_NAME"));
        if (url == null || service == null) {
            System.err.println("fluxtap-level-agent: not started: give url=... and service=... (or FLUXTAP_LEVELS_URL "
                    + "and OTEL_SERVICE_NAME)");
            return;
        }
        Duration wait = Duration.ofSeconds(Long.parseLong(options.getOrDefault("wait", "30")));
        start(URI.create(url), service, wait, ClassLoader.getSystemClassLoader());
    }

    /** Starts polling on a daemon thread; close the poller to stop. */
    public static LevelPoller start(URI server, String service) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return start(server, service, Duration.ofSeconds(30), loader == null ? ClassLoader.getSystemClassLoader() : loader);
    }

    /** Starts polling and hands each new level to {@code onLevel} instead of setting any logger. */
    public static LevelPoller start(URI server, String service, Duration wait, Consumer<String> onLevel) {
        return new LevelPoller(server, service, wait, onLevel).start();
    }

    private static LevelPoller start(URI server, String service, Duration wait, ClassLoader loader) {
        RootLevels roots = new RootLevels(loader);
        return start(server, service, wait, level -> {
            List<String> frameworks = roots.apply(level);
            System.err.println("fluxtap-level-agent: " + service + " root level set to " + level + " " + frameworks);
        });
    }

    static Map<String, String> options(String args) {
        Map<String, String> options = new LinkedHashMap<>();
        if (args == null || args.isBlank()) {
            return options;
        }
        for (String part : args.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                options.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        return options;
    }
}
