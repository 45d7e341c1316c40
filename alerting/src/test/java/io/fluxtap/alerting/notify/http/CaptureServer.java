package io.fluxtap.alerting.notify.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local stand-in for webhook, Slack and PagerDuty endpoints on 127.0.0.1: records every request and answers
 * with the queued answers in turn (then with the default answer).
 */
public final class CaptureServer implements AutoCloseable {

    /** One request as received: header names lower-cased. */
    public record Request(String method, String path, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** An answer; {@code delay} holds it back (to make a client time out); {@code location} a redirect's target. */
    public record Answer(int status, String contentType, String body, Duration delay, String location) {
        public Answer(int status, String contentType, String body, Duration delay) {
            this(status, contentType, body, delay, null);
        }

        public static Answer redirect(int status, String location) {
            return new Answer(status, null, "", Duration.ZERO, location);
        }

        public static Answer of(int status) {
            return new Answer(status, "text/plain", "", Duration.ZERO);
        }

        public static Answer of(int status, String contentType, String body) {
            return new Answer(status, contentType, body, Duration.ZERO);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = java.util.Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Answer defaultAnswer = Answer.of(200, "text/plain", "ok");

    private CaptureServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public static CaptureServer start() throws IOException {
        return new CaptureServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    public static CaptureServer startTls(SSLContext context) throws IOException {
        return startTls(context, false);
    }

    /** @param needClientAuth refuse clients without a certificate the context trusts */
    public static CaptureServer startTls(SSLContext context, boolean needClientAuth) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(com.sun.net.httpserver.HttpsParameters params) {
                javax.net.ssl.SSLParameters parameters = context.getDefaultSSLParameters();
                parameters.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(parameters);
            }
        });
        return new CaptureServer(server);
    }

    public String url(String path) {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void answer(Answer answer) {
        answers.add(answer);
    }

    public void answerAlways(Answer answer) {
        defaultAnswer = answer;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public Request only() {
        List<Request> all = requests();
        if (all.size() != 1) {
            throw new AssertionError("expected one request, got " + all.size());
        }
        return all.getFirst();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT),
                String.join(",", v)));
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers,
                new String(body, StandardCharsets.UTF_8)));
        Answer answer = answers.poll();
        if (answer == null) {
            answer = defaultAnswer;
        }
        try {
            if (!answer.delay().isZero() && closing.await(answer.delay().toMillis(), TimeUnit.MILLISECONDS)) {
                exchange.close();
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        if (answer.location() != null) {
            exchange.getResponseHeaders().set("Location", answer.location());
        }
        if (answer.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        }
        exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(out);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
