package io.fluxtap.agent.level;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The polling loop, on one daemon thread: a long-poll with the last ETag, so an unchanged level costs one idle
 * request per {@code wait}; after an error it waits (1 s, doubling to 30 s) and asks again without an ETag.
 */
public final class LevelPoller implements AutoCloseable {

    private static final Pattern LEVEL = Pattern.compile("\"level\"\\s*:\\s*\"([a-z]+)\"");
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final URI url;
    private final Duration wait;
    private final Consumer<String> onLevel;
    private final HttpClient client;
    private final Thread thread;
    private volatile boolean closed;
    private volatile String level;

    LevelPoller(URI server, String service, Duration wait, Consumer<String> onLevel) {
        Objects.requireNonNull(server, "server");
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("service must not be empty");
        }
        String base = server.toString().endsWith("/") ? server.toString() : server + "/";
        this.url = URI.create(base + "api/v1/levels/"
                + URLEncoder.encode(service, StandardCharsets.UTF_8).replace("+", "%20")
                + "?wait=" + wait.toSeconds() + "s");
        this.wait = wait;
        this.onLevel = onLevel;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.thread = new Thread(this::run, "fluxtap-level-agent");
        this.thread.setDaemon(true);
    }

    LevelPoller start() {
        thread.start();
        return this;
    }

    /** The last level the server answered, or null before the first answer. */
    public String level() {
        return level;
    }

    private void run() {
        String etag = null;
        Duration backoff = Duration.ofSeconds(1);
        while (!closed) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(wait.plusSeconds(30)).GET();
                if (etag != null) {
                    request.header("If-None-Match", etag);
                }
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    Matcher matcher = LEVEL.matcher(response.body());
                    if (matcher.find()) {
                        String next = matcher.group(1);
                        if (!next.equals(level)) {
                            level = next;
                            onLevel.accept(next);
                        }
                        etag = response.headers().firstValue("ETag").orElse(null);
                    }
                    backoff = Duration.ofSeconds(1);
                } else if (response.statusCode() == 304) {
                    backoff = Duration.ofSeconds(1);
                } else {
                    etag = null;
                    backoff = pause(backoff);
                }
            } catch (IOException | RuntimeException e) {
                etag = null;
                backoff = pause(backoff);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Duration pause(Duration backoff) {
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException e) {
            closed = true;
        }
        Duration next = backoff.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
