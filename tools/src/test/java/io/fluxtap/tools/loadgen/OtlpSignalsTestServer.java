package io.fluxtap.tools.loadgen;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OTLP/HTTP traces and metrics receiver for the tests: parses every protobuf request for real, keeps it,
 * and answers 200 with the given response body (an empty body when it is empty).
 */
final class OtlpSignalsTestServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final byte[] responseBody;
    private final List<ExportTraceServiceRequest> traces = new ArrayList<>();
    private final List<ExportMetricsServiceRequest> metrics = new ArrayList<>();
    private final List<String> invalid = new ArrayList<>();

    OtlpSignalsTestServer(byte[] responseBody) throws IOException {
        this.responseBody = responseBody;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", exchange -> handle(exchange, true));
        server.createContext("/v1/metrics", exchange -> handle(exchange, false));
        server.setExecutor(executor);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized List<ExportTraceServiceRequest> traces() {
        return List.copyOf(traces);
    }

    synchronized List<ExportMetricsServiceRequest> metrics() {
        return List.copyOf(metrics);
    }

    synchronized List<String> invalid() {
        return List.copyOf(invalid);
    }

    static long spans(ExportTraceServiceRequest request) {
        return request.getResourceSpansList().stream()
                .flatMap(resource -> resource.getScopeSpansList().stream())
                .mapToLong(scope -> scope.getSpansCount())
                .sum();
    }

    static long dataPoints(ExportMetricsServiceRequest request) {
        return request.getResourceMetricsList().stream()
                .flatMap(resource -> resource.getScopeMetricsList().stream())
                .flatMap(scope -> scope.getMetricsList().stream())
                .mapToLong(OtlpSignalsTestServer::dataPoints)
                .sum();
    }

    private static long dataPoints(Metric metric) {
        return switch (metric.getDataCase()) {
            case GAUGE -> metric.getGauge().getDataPointsCount();
            case SUM -> metric.getSum().getDataPointsCount();
            case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> metric.getSummary().getDataPointsCount();
            case DATA_NOT_SET -> 0;
        };
    }

    private void handle(HttpExchange exchange, boolean isTraces) throws IOException {
        try (exchange) {
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                if (!"application/x-protobuf".equals(type)) {
                    throw new IOException("Content-Type " + type);
                }
                if (isTraces) {
                    ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
                    synchronized (this) {
                        traces.add(request);
                    }
                } else {
                    ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(body);
                    synchronized (this) {
                        metrics.add(request);
                    }
                }
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    invalid.add(e.toString());
                }
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, responseBody.length == 0 ? -1 : responseBody.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(responseBody);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
