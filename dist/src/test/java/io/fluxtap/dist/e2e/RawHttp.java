package io.fluxtap.dist.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand over a socket: the JDK's HttpClient refuses to send a {@code Host} of our choosing, and a
 * DNS-rebinding browser sends exactly that (a name that resolves to loopback). One request per connection.
 */
final class RawHttp {

    private static final int TIMEOUT_MS = 20_000;
    private static final int MAX_ANSWER_BYTES = 8 << 20;

    private RawHttp() {
    }

    /** An answer: status, headers (names lower-case, every value kept) and the body as text (de-chunked). */
    record Answer(int status, Map<String, List<String>> headers, String body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    /**
     * @param host the Host header, null for the URL's own authority
     * @param headers more headers as name, value pairs
     */
    static Answer send(String method, URI url, String host, byte[] body, String... headers) {
        StringBuilder request = new StringBuilder(method).append(' ')
                .append(url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                .append(url.getRawQuery() == null ? "" : "?" + url.getRawQuery()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host == null ? url.getAuthority() : host).append("\r\n")
                .append("Connection: close\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        if (body != null) {
            request.append("Content-Length: ").append(body.length).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return parse(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed", e);
        }
    }

    /** Reads one answer framed as HTTP/1.1 frames it (Content-Length, chunked, else up to the end of the stream). */
    private static Answer parse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!endsWithBlankLine(head)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended inside the header block: " + head);
            }
            head.write(b);
            if (head.size() > MAX_ANSWER_BYTES) {
                throw new IOException("header block larger than " + MAX_ANSWER_BYTES + " bytes");
            }
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).trim().split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
        }
        byte[] body;
        List<String> length = headers.getOrDefault("content-length", List.of());
        if (status == 204 || status == 304) {
            body = new byte[0];
        } else if (headers.getOrDefault("transfer-encoding", List.of()).stream()
                .anyMatch(e -> e.equalsIgnoreCase("chunked"))) {
            body = chunked(in);
        } else if (!length.isEmpty()) {
            body = exactly(in, Integer.parseInt(length.get(0)));
        } else {
            body = toEnd(in);
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static boolean endsWithBlankLine(ByteArrayOutputStream bytes) {
        byte[] b = bytes.toByteArray();
        int n = b.length;
        return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
    }

    private static byte[] exactly(InputStream in, int length) throws IOException {
        if (length > MAX_ANSWER_BYTES) {
            throw new IOException("body larger than " + MAX_ANSWER_BYTES + " bytes");
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("body ended after " + body.length + " of " + length + " bytes");
        }
        return body;
    }

    private static byte[] toEnd(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_ANSWER_BYTES + 1);
        if (body.length > MAX_ANSWER_BYTES) {
            throw new IOException("body larger than " + MAX_ANSWER_BYTES + " bytes");
        }
        return body;
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() <= MAX_ANSWER_BYTES) {
            String sizeLine = line(in);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                // Trailers, if any, end with an empty line.
                while (!line(in).isEmpty()) {
                    continue;
                }
                return out.toByteArray();
            }
            out.write(exactly(in, size));
            line(in);
        }
        throw new IOException("body larger than " + MAX_ANSWER_BYTES + " bytes");
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0 || line.size() > 4096) {
                throw new IOException("truncated chunked body");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
