package io.fluxtap.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPOutputStream;

/**
 * A test's HTTP call without the checked exceptions (an I/O failure fails the test as an unchecked exception
 * naming the request, an interrupt keeps the thread's flag), and gzip for {@code Content-Encoding: gzip} bodies.
 *
 * <pre>{@code
 * HttpResponse<String> answer = Http.send(client, request, HttpResponse.BodyHandlers.ofString());
 * }</pre>
 */
public final class Http {

    private Http() {
    }

    public static <T> HttpResponse<T> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return client.send(request, body);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The bytes gzip-compressed, as a sender with {@code Content-Encoding: gzip} writes them. */
    public static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
