package io.fluxtap.ingestion.scrape.loop;

import io.fluxtap.ingestion.scrape.config.HttpClientSettings;
import io.fluxtap.ingestion.scrape.exposition.Expositions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;

/**
 * Fetches pages for one job. One JDK client per job (its TLS settings are the job's); a scrape's
 * {@code scrape_timeout} covers connecting, the headers and the whole body, as Prometheus' context deadline does,
 * and the body is read only up to {@code body_size_limit} (after decompression, as Prometheus counts it).
 */
public final class ScrapeClient {

    /** What Prometheus 2.42 names itself; some exporters answer differently by user agent. */
    static final String USER_AGENT = "Fluxtap (Prometheus-compatible scraper)";

    /**
     * The most a page may be without a {@code body_size_limit} unless {@code fluxtap.scrape.default-body-size-limit}
     * says otherwise: Prometheus reads any size, but here a target sending gigabytes must not take the server's heap
     * with it (the "huge page" case).
     */
    public static final long DEFAULT_BODY_LIMIT = 256L * 1024 * 1024;

    private final HttpClient client;
    private final HttpClientSettings settings;
    private final long defaultBodyLimit;

    /** @throws IllegalArgumentException when the TLS files cannot be read or used */
    public ScrapeClient(HttpClientSettings settings) {
        this(settings, DEFAULT_BODY_LIMIT);
    }

    /**
     * @param defaultBodyLimit the bound on a page when its job has no {@code body_size_limit}
     * @throws IllegalArgumentException when the TLS files cannot be read or used
     */
    public ScrapeClient(HttpClientSettings settings, long defaultBodyLimit) {
        if (defaultBodyLimit <= 0) {
            throw new IllegalArgumentException("the default body size limit must be positive, was " + defaultBodyLimit);
        }
        this.settings = settings;
        this.defaultBodyLimit = defaultBodyLimit;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30));
        if (settings.tls() != null) {
            builder.sslContext(ScrapeTls.sslContext(settings.tls()));
        }
        this.client = builder.build();
    }

    /** A page as received: its content type (null when missing) and the decompressed body. */
    public record Page(String contentType, byte[] body) {
    }

    public Page fetch(URI url, Duration timeout, long bodySizeLimit) throws ScrapeFailure {
        HttpRequest request = request(url, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<HttpResponse<InputStream>> sent =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response;
        try {
            response = sent.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw new ScrapeFailure("Get \"" + url + "\": context deadline exceeded");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ScrapeFailure("Get \"" + url + "\": " + describe(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScrapeFailure("scrape interrupted");
        }
        InputStream body = response.body();
        try {
            if (response.statusCode() != 200) {
                throw new ScrapeFailure("server returned HTTP status " + response.statusCode() + " "
                        + reason(response.statusCode()));
            }
            boolean gzip = response.headers().firstValue("Content-Encoding")
                    .map(v -> v.trim().equalsIgnoreCase("gzip")).orElse(false);
            byte[] bytes = readBody(body, gzip, bodySizeLimit > 0 ? bodySizeLimit : defaultBodyLimit, deadline, url);
            return new Page(response.headers().firstValue("Content-Type").orElse(null), bytes);
        } finally {
            closeQuietly(body);
        }
    }

    private HttpRequest request(URI url, Duration timeout) throws ScrapeFailure {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).GET()
                .timeout(timeout)
                .header("Accept", Expositions.ACCEPT_HEADER)
                .header("Accept-Encoding", "gzip")
                .header("User-Agent", USER_AGENT)
                .header("X-Prometheus-Scrape-Timeout-Seconds", seconds(timeout));
        String authorization = authorization();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }

    /** Read at every scrape, so a rotated password or token file is picked up as Prometheus picks it up. */
    private String authorization() throws ScrapeFailure {
        if (settings.basicAuth() != null) {
            HttpClientSettings.BasicAuth basic = settings.basicAuth();
            String password = basic.passwordFile() != null ? readSecret(basic.passwordFile(), "password_file")
                    : basic.password() == null ? "" : basic.password();
            String user = basic.username() == null ? "" : basic.username();
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        }
        if (settings.authorization() != null) {
            HttpClientSettings.Authorization auth = settings.authorization();
            String type = auth.type() == null || auth.type().isEmpty() ? "Bearer" : auth.type();
            String credentials = auth.credentialsFile() != null
                    ? readSecret(auth.credentialsFile(), "credentials_file")
                    : auth.credentials() == null ? "" : auth.credentials();
            return type + " " + credentials;
        }
        return null;
    }

    private static String readSecret(String file, String what) throws ScrapeFailure {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            throw new ScrapeFailure("unable to read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readBody(InputStream raw, boolean gzip, long limit, long deadline, URI url)
            throws ScrapeFailure {
        // The body is read on a virtual thread so the deadline can be kept while a slow server trickles bytes.
        CompletableFuture<byte[]> read = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().name("fluxtap-scrape-read").start(() -> {
            try (InputStream in = gzip ? new GZIPInputStream(raw, 8192) : raw) {
                read.complete(readLimited(in, limit));
            } catch (Throwable e) {
                read.completeExceptionally(e);
            }
        });
        try {
            return read.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            closeQuietly(raw);
            reader.interrupt();
            throw new ScrapeFailure("Get \"" + url + "\": context deadline exceeded");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BodyTooLarge) {
                throw new ScrapeFailure("body size limit exceeded");
            }
            throw new ScrapeFailure("reading the body of " + url + ": " + describe(cause), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(raw);
            throw new ScrapeFailure("scrape interrupted");
        }
    }

    private static byte[] readLimited(InputStream in, long limit) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (bytes.length > limit) {
            throw new BodyTooLarge();
        }
        return bytes;
    }

    private static final class BodyTooLarge extends IOException {
    }

    /** The cause in Prometheus' words, where it has words for it. */
    static String describe(Throwable e) {
        // The request's own timeout (the HttpClient's) and the wait for its answer race for the same deadline; when
        // the client's fires first it is the same timeout, and says so as Prometheus does.
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "context deadline exceeded";
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof UncheckedIOException u) {
            return describe(u.getCause());
        }
        String message = e.getMessage();
        return message == null || message.isEmpty() ? e.getClass().getSimpleName() : message;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Nothing left to read from it anyway.
        }
    }

    private static String seconds(Duration timeout) {
        double s = timeout.toNanos() / 1e9;
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }

    /** The reason phrases Go's {@code http.StatusText} gives, for the ones a scrape commonly meets. */
    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }
}
