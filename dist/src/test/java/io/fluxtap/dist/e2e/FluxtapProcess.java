package io.fluxtap.dist.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Fluxtap server started from the built distribution's {@code bin/fluxtap} as a separate process, on free
 * ports, with the URLs it printed. Tests use it to do to the server what users and operating systems do:
 * run it, stop it with SIGTERM, kill it with SIGKILL.
 */
record FluxtapProcess(Process process, Map<String, URI> urls, List<String> lines) implements AutoCloseable {

    private static final Pattern URL_LINE =
            Pattern.compile("\\s*(API, health and metrics|OTLP/HTTP receiver|OTLP/gRPC receiver|Dashboard):\\s+(\\S+)");

    static Path distribution() {
        return Path.of(System.getProperty("fluxtap.distribution"));
    }

    static FluxtapProcess start(Path workDir, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(distribution().resolve("bin/fluxtap").toString())
                .directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("FLUXTAP_HTTP_PORT", "0");
        builder.environment().put("FLUXTAP_OTLP_HTTP_PORT", "0");
        builder.environment().put("FLUXTAP_OTLP_GRPC_PORT", "0");
        builder.environment().put("FLUXTAP_UI_PORT", "0");
        builder.environment().putAll(environment);
        Process process = builder.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Map<String, URI> urls = new ConcurrentHashMap<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                    Matcher m = URL_LINE.matcher(line);
                    if (m.matches()) {
                        urls.put(m.group(1), URI.create(m.group(2)));
                    }
                }
            } catch (IOException e) {
                lines.add("(output reader stopped: " + e + ")");
            }
        }, "fluxtap-output");
        reader.setDaemon(true);
        reader.start();
        FluxtapProcess launched = new FluxtapProcess(process, urls, lines);
        Instant deadline = Instant.now().plusSeconds(90);
        while (urls.size() < 4) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                launched.close();
                throw new AssertionError("server did not print its URLs:\n" + launched.output());
            }
            sleep(50);
        }
        return launched;
    }

    URI api(String pathAndQuery) {
        return urls.get("API, health and metrics").resolve(pathAndQuery);
    }

    URI otlpLogs() {
        return urls.get("OTLP/HTTP receiver");
    }

    URI dashboard() {
        return urls.get("Dashboard");
    }

    /** SIGTERM, as a service manager stops it; returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("no clean shutdown within 60 s:\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no drain, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("process survived SIGKILL");
        }
    }

    String output() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
