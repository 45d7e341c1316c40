package io.fluxtap.dist.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for webhook, Slack and PagerDuty receivers: every POST is kept with the path it came to and when it arrived (answered
 * 200 {@code ok}), so a test can compare what several senders (Alertmanager, Fluxtap) delivered and when.
 */
final class WebhookCapture implements AutoCloseable {

    /** One delivered notification: the path it was posted to, its arrival (System.nanoTime) and its JSON body. */
    record Delivery(String path, long arrivedNanos, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    private WebhookCapture(HttpServer server) {
        this.server = server;
    }

    static WebhookCapture start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        WebhookCapture capture = new WebhookCapture(server);
        server.createContext("/", exchange -> {
            long arrived = System.nanoTime();
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                capture.deliveries.add(new Delivery(exchange.getRequestURI().getPath(), arrived, JSON.readTree(body)));
                // "ok" is what Slack's incoming webhooks answer (and what a Slack notifier checks); others ignore it.
                byte[] ok = "ok".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
            } catch (IOException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return capture;
    }

    /** The URL of a path on this server, e.g. {@code url("/am/pager")}. */
    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** What arrived at paths starting with {@code prefix}, in arrival order. */
    List<Delivery> deliveries(String prefix) {
        return deliveries.stream().filter(d -> d.path().startsWith(prefix)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
