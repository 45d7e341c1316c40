package io.fluxtap.tools.loadgen;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A remote_write 1.0 receiver for the tests that is as strict as Prometheus: it wants the three headers,
 * snappy, a WriteRequest it decodes field by field, sorted labels, and per series timestamps newer than the
 * last accepted one; a request that breaks any rule is refused with 400 and the reason kept. Accepted ones
 * get 204.
 */
final class RemoteWriteTestServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, Long> lastTimestamp = new HashMap<>();
    private final List<String> refused = new ArrayList<>();
    private long requests;
    private long samples;

    RemoteWriteTestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/write", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write";
    }

    synchronized long requests() {
        return requests;
    }

    synchronized long samples() {
        return samples;
    }

    synchronized Map<String, Long> lastTimestamps() {
        return Map.copyOf(lastTimestamp);
    }

    synchronized List<String> refused() {
        return List.copyOf(refused);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String problem = headerProblem(exchange);
            if (problem == null) {
                try {
                    problem = accept(Snappy.uncompress(body));
                } catch (IOException | RuntimeException e) {
                    problem = "undecodable: " + e;
                }
            }
            if (problem != null) {
                synchronized (this) {
                    refused.add(problem);
                }
                byte[] text = problem.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(400, text.length);
                exchange.getResponseBody().write(text);
                return;
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private static String headerProblem(HttpExchange exchange) {
        Map<String, String> want = Map.of("Content-Type", "application/x-protobuf", "Content-Encoding", "snappy",
                "X-Prometheus-Remote-Write-Version", "0.1.0");
        for (Map.Entry<String, String> header : want.entrySet()) {
            String got = exchange.getRequestHeaders().getFirst(header.getKey());
            if (!header.getValue().equals(got)) {
                return header.getKey() + " is " + got;
            }
        }
        return null;
    }

    /** Null when the whole request is taken (all or nothing, so that counts stay exact). */
    private synchronized String accept(byte[] writeRequest) throws IOException {
        Map<String, List<long[]>> bySeries = new LinkedHashMap<>();
        CodedInputStream in = CodedInputStream.newInstance(writeRequest);
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (WireFormat.getTagFieldNumber(tag) != 1) {
                return "unexpected WriteRequest field " + WireFormat.getTagFieldNumber(tag);
            }
            CodedInputStream series = in.readBytes().newCodedInput();
            StringBuilder key = new StringBuilder();
            String previousName = "";
            List<long[]> timestamps = new ArrayList<>();
            int seriesTag;
            while ((seriesTag = series.readTag()) != 0) {
                CodedInputStream field = series.readBytes().newCodedInput();
                if (WireFormat.getTagFieldNumber(seriesTag) == 1) {
                    String name = null;
                    String value = null;
                    int labelTag;
                    while ((labelTag = field.readTag()) != 0) {
                        if (WireFormat.getTagFieldNumber(labelTag) == 1) {
                            name = field.readString();
                        } else {
                            value = field.readString();
                        }
                    }
                    if (name == null || value == null || name.compareTo(previousName) <= 0) {
                        return "labels not sorted or incomplete at " + name;
                    }
                    previousName = name;
                    key.append(name).append('=').append(value).append(',');
                } else {
                    long timestamp = -1;
                    int sampleTag;
                    while ((sampleTag = field.readTag()) != 0) {
                        if (WireFormat.getTagFieldNumber(sampleTag) == 1) {
                            field.readDouble();
                        } else {
                            timestamp = field.readInt64();
                        }
                    }
                    timestamps.add(new long[] {timestamp});
                }
            }
            bySeries.put(key.toString(), timestamps);
        }
        Map<String, Long> updated = new HashMap<>();
        long count = 0;
        for (Map.Entry<String, List<long[]>> series : bySeries.entrySet()) {
            long last = lastTimestamp.getOrDefault(series.getKey(), Long.MIN_VALUE);
            for (long[] timestamp : series.getValue()) {
                if (timestamp[0] <= last) {
                    return "out of order sample for " + series.getKey();
                }
                last = timestamp[0];
                count++;
            }
            updated.put(series.getKey(), last);
        }
        lastTimestamp.putAll(updated);
        requests++;
        samples += count;
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
