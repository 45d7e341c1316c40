package io.fluxtap.tools.loadgen;

import com.google.rpc.Status;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * A small OTLP/HTTP logs receiver for the tests: decodes every request for real (gzip, protobuf, and
 * OTLP/JSON read strictly, with hex ids checked), counts the records, and answers what the test's
 * {@link Responder} says.
 */
final class OtlpTestServer implements AutoCloseable {

    /** The answer to the n-th request (0-based). */
    @FunctionalInterface
    interface Responder {
        Answer answer(long requestNumber, ExportLogsServiceRequest request);
    }

    /** @param delay how long the server takes before answering (a slow server) */
    record Answer(int status, byte[] body, String contentType, Duration delay) {

        static Answer ok() {
            return new Answer(200, ExportLogsServiceResponse.getDefaultInstance().toByteArray(),
                    "application/x-protobuf", Duration.ZERO);
        }

        static Answer busy() {
            return new Answer(503, Status.newBuilder().setCode(14).setMessage("ingestion is busy, retry later")
                    .build().toByteArray(), "application/x-protobuf", Duration.ZERO);
        }
    }

    /** One decoded request; {@code body} is after gzip decompression. */
    record Received(String contentType, String contentEncoding, byte[] body, ExportLogsServiceRequest request,
                    long receivedAtUnixNanos) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final Responder responder;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final List<Received> received = new ArrayList<>();
    private final List<String> invalid = new ArrayList<>();

    private OtlpTestServer(Responder responder) throws IOException {
        this.responder = responder;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/logs", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static OtlpTestServer start(Responder responder) throws IOException {
        return new OtlpTestServer(responder);
    }

    static OtlpTestServer acceptingAll() throws IOException {
        return start((n, request) -> Answer.ok());
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long records() {
        return records.get();
    }

    long requests() {
        return requests.get();
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** Why requests could not be decoded; empty when every request was valid OTLP. */
    synchronized List<String> invalid() {
        return List.copyOf(invalid);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long now = unixNanosNow();
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            byte[] body;
            ExportLogsServiceRequest request;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
                if ("gzip".equals(encoding)) {
                    try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(body))) {
                        body = gz.readAllBytes();
                    }
                }
                request = "application/json".equals(type)
                        ? StrictOtlpJson.logs(body)
                        : ExportLogsServiceRequest.parseFrom(body);
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    invalid.add(type + ": " + e);
                }
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            long number = requests.getAndIncrement();
            records.addAndGet(request.getResourceLogsList().stream()
                    .flatMap(resource -> resource.getScopeLogsList().stream())
                    .mapToLong(scope -> scope.getLogRecordsCount())
                    .sum());
            synchronized (this) {
                received.add(new Received(type, encoding, body, request, now));
            }
            Answer answer = responder.answer(number, request);
            if (!answer.delay().isZero()) {
                try {
                    Thread.sleep(answer.delay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            if (answer.status() == 503 || answer.status() == 429) {
                exchange.getResponseHeaders().set("Retry-After", "1");
            }
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    static long unixNanosNow() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
