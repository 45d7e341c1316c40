package io.fluxtap.dist.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scrape targets on loopback that misbehave the way real ones do, beside one that behaves: a port that accepts
 * connections and never answers, a page that streams about 1 GiB, a page of garbage, a page of a million series,
 * and a small good page whose counter grows with every scrape. The big bodies are generated while they are sent,
 * never held whole in memory or written to disk.
 */
final class BadTargets implements AutoCloseable {

    static final long HUGE_BYTES = 1L << 30;
    static final int MILLION = 1_000_000;
    /** Bounds the hanging port's accept loop: far more connections than a minute of scraping can make. */
    private static final int MAX_HELD_CONNECTIONS = 10_000;

    private final HttpServer http;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final ServerSocket hanging;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private final AtomicLong goodScrapes = new AtomicLong();
    private final AtomicLong hugeRequests = new AtomicLong();
    private final AtomicLong mostHugeBytesSent = new AtomicLong();
    private final byte[] hugeChunk = hugeChunk();
    private final byte[] garbage = garbage();

    BadTargets() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        http = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        http.setExecutor(handlers);
        http.createContext("/good", this::good);
        http.createContext("/huge", this::huge);
        http.createContext("/garbage", this::garbage);
        http.createContext("/million", this::million);
        http.start();
        hanging = new ServerSocket(0, 50, loopback);
        acceptor = new Thread(this::holdConnections, "hanging-target");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** host:port of the HTTP targets (each on its own path). */
    String httpTarget() {
        return "127.0.0.1:" + http.getAddress().getPort();
    }

    /** host:port of the target that accepts and never answers. */
    String hangingTarget() {
        return "127.0.0.1:" + hanging.getLocalPort();
    }

    long goodScrapes() {
        return goodScrapes.get();
    }

    long hugeRequests() {
        return hugeRequests.get();
    }

    /** The most bytes one request for the huge page got sent before the scraper stopped reading. */
    long mostHugeBytesSent() {
        return mostHugeBytesSent.get();
    }

    long heldConnections() {
        return held.size();
    }

    private void good(HttpExchange exchange) throws IOException {
        long n = goodScrapes.incrementAndGet();
        respond(exchange, ("# TYPE good_scrapes_total counter\ngood_scrapes_total " + n + "\n"
                + "# TYPE good_gauge gauge\ngood_gauge 42\n").getBytes(StandardCharsets.UTF_8));
    }

    private void garbage(HttpExchange exchange) throws IOException {
        respond(exchange, garbage);
    }

    private void huge(HttpExchange exchange) throws IOException {
        hugeRequests.incrementAndGet();
        long sent = 0;
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            while (sent < HUGE_BYTES) {
                out.write(hugeChunk);
                sent += hugeChunk.length;
                mostHugeBytesSent.accumulateAndGet(sent, Math::max);
            }
            out.close();
        } catch (IOException e) {
            // The scraper hung up once it had read its limit: the point of the exercise.
        }
    }

    private void million(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            StringBuilder lines = new StringBuilder(1 << 20);
            // Short lines (about 16 MB in all): the JDK client reads tens of MB/s on a busy machine.
            lines.append("# HELP mil One of a million.\n# TYPE mil gauge\n");
            for (int i = 0; i < MILLION; i++) {
                lines.append("mil{i=\"").append(i).append("\"} 1\n");
                if (lines.length() > (1 << 20) - 64) {
                    out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
                    lines.setLength(0);
                }
            }
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            out.close();
        } catch (IOException e) {
            // A scraper that gave up (timeout) closed the connection.
        }
    }

    private static void respond(HttpExchange exchange, byte[] body) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private void holdConnections() {
        while (held.size() < MAX_HELD_CONNECTIONS && !hanging.isClosed()) {
            try {
                held.add(hanging.accept());
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Valid exposition lines, so that only the size can stop the scrape. */
    private static byte[] hugeChunk() {
        StringBuilder chunk = new StringBuilder(1 << 16);
        for (int i = 0; chunk.length() < (1 << 16) - 64; i++) {
            chunk.append("huge_filler{n=\"").append(i).append("\"} 1\n");
        }
        return chunk.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An HTML start, then bytes no exposition format allows, the same on every scrape. */
    private static byte[] garbage() {
        byte[] bytes = new byte[64 * 1024];
        new Random(13).nextBytes(bytes);
        byte[] start = "<html><body>{{not metrics}}\n".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(start, 0, bytes, 0, start.length);
        return bytes;
    }

    @Override
    public void close() throws IOException {
        http.stop(0);
        handlers.shutdownNow();
        hanging.close();
        for (Socket socket : held) {
            socket.close();
        }
    }
}
