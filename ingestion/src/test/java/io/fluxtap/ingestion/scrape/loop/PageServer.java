package io.fluxtap.ingestion.scrape.loop;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A loopback HTTP server answering every request with what the test set last; it records the request headers. */
public final class PageServer implements AutoCloseable {

    /** How to answer one request. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final List<Headers> requests = new CopyOnWriteArrayList<>();
    private volatile Handler handler = exchange -> reply(exchange, 200, "text/plain; version=0.0.4", "");

    public PageServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestHeaders());
            try {
                handler.handle(exchange);
            } catch (IOException e) {
                // The scraper hung up (timeout, size limit): nothing to answer.
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    public void text(String page) {
        handler = exchange -> reply(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", page);
    }

    void handler(Handler handler) {
        this.handler = handler;
    }

    static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        reply(exchange, status, contentType, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
    }

    static void reply(HttpExchange exchange, int status, String contentType, byte[] body, String encoding)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (encoding != null) {
            exchange.getResponseHeaders().set("Content-Encoding", encoding);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    List<Headers> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
