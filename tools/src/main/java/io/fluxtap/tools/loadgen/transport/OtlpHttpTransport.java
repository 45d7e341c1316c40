package io.fluxtap.tools.loadgen.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Status;
import io.fluxtap.tools.loadgen.source.Payload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** OTLP over HTTP/1.1 with the JDK client, optionally gzip-compressed. */
public final class OtlpHttpTransport implements Transport {

    private static final int MAX_MESSAGE = 300;

    private final URI uri;
    private final boolean gzip;
    private final Duration timeout;
    private final ResponseReader reader;
    private final HttpClient client;

    public OtlpHttpTransport(URI uri, boolean gzip, Duration timeout, ResponseReader reader) {
        this.uri = uri;
        this.gzip = gzip;
        this.timeout = timeout;
        this.reader = reader;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    @Override
    public Reply send(Payload payload) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", payload.contentType());
        byte[] body = payload.body();
        if (gzip) {
            request.header("Content-Encoding", "gzip");
            body = gzip(body);
        }
        HttpResponse<byte[]> response = client.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        boolean json = type.contains("json");
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            try {
                return reader.read(status, response.body(), json);
            } catch (IOException e) {
                // The records were accepted; only the optional partial-success detail is unreadable.
                return new Reply(status, 0, "unreadable response: " + e.getMessage());
            }
        }
        return new Reply(status, 0, errorMessage(response.body(), type));
    }

    /**
     * The message of the google.rpc.Status an OTLP server sends with an error, or the start of the body
     * when it is something else (a proxy's HTML page, plain text).
     */
    static String errorMessage(byte[] body, String contentType) {
        if (body.length == 0) {
            return null;
        }
        try {
            Status status = null;
            if (contentType.contains("json")) {
                Status.Builder builder = Status.newBuilder();
                JsonFormat.parser().ignoringUnknownFields().merge(new String(body, StandardCharsets.UTF_8), builder);
                status = builder.build();
            } else if (contentType.contains("protobuf")) {
                status = Status.parseFrom(body);
            }
            if (status != null && !status.getMessage().isEmpty()) {
                return shorten(status.getMessage());
            }
        } catch (InvalidProtocolBufferException e) {
            // Says it is a Status but is not one: the raw text is all there is.
        }
        return shorten(new String(body, StandardCharsets.UTF_8).strip());
    }

    private static String shorten(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
    }

    /**
     * The fastest gzip level: compression runs on the sender threads, and at the default level it would be
     * the generator, not the server, that limits a flat-out run.
     */
    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(body);
        }
        return out.toByteArray();
    }

    @Override
    public String target() {
        return uri.toString();
    }

    @Override
    public void close() {
        client.close();
    }
}
