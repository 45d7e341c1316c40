package io.fluxtap.tools.loadgen.transport;

import io.fluxtap.tools.loadgen.source.Payload;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * Prometheus remote_write 1.0 over HTTP/1.1: the body snappy-compressed (block format, as the protocol
 * requires), with the three headers receivers check. Any 2xx (Prometheus answers 204) means every sample
 * was taken; remote_write has no partial success.
 */
public final class RemoteWriteTransport implements Transport {

    private final URI uri;
    private final Duration timeout;
    private final HttpClient client;

    public RemoteWriteTransport(URI uri, Duration timeout) {
        this.uri = uri;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    @Override
    public Reply send(Payload payload) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", payload.contentType())
                .header("Content-Encoding", "snappy")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Snappy.compress(payload.body())))
                .build();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Reply(status, 0, null);
        }
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        return new Reply(status, 0, OtlpHttpTransport.errorMessage(response.body(), type));
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
