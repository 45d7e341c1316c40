package io.fluxtap.alerting.notify.http;

import io.fluxtap.alerting.config.HttpConfig;
import io.fluxtap.alerting.config.Secret;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One integration's HTTP client, built from its {@code http_config} as Prometheus common's
 * {@code NewClientFromConfig} builds Alertmanager's: the Authorization header (credentials or a file read at each
 * request, as Prometheus does), basic auth (password or file), TLS ({@link TlsContexts}), a proxy only when
 * {@code proxy_url} is set (never from the environment), redirects followed unless {@code follow_redirects: false},
 * HTTP/2 only over TLS and only with {@code enable_http2} (Go's client never speaks h2c).
 *
 * <p>Every request carries {@code User-Agent: Alertmanager/<fluxtap version>} (receivers that look for
 * Alertmanager's agent keep working) and is bounded by a timeout covering the whole exchange, body included;
 * at most {@link #MAX_BODY} bytes of an answer are kept (for error messages). Secrets never appear in exceptions
 * or in {@link #toString()}.
 */
public final class NotifierHttpClient {

    /** How much of an answer's body is kept. */
    public static final int MAX_BODY = 64 * 1024;
    /** Connecting may take this long at most (Go's default dialer: 30 s). */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final HttpConfig config;
    private final String userAgent;

    private NotifierHttpClient(HttpClient client, HttpConfig config, String userAgent) {
        this.client = client;
        this.config = config;
        this.userAgent = userAgent;
    }

    /**
     * @throws UnsupportedHttpConfigException for what Fluxtap's notifiers do not do ({@code oauth2}) or a TLS
     *                                        setting that cannot be loaded
     */
    public static NotifierHttpClient create(HttpConfig config) {
        return create(config, defaultUserAgent());
    }

    public static NotifierHttpClient create(HttpConfig config, String userAgent) {
        if (config.oauth2()) {
            throw new UnsupportedHttpConfigException("oauth2 is not supported by Fluxtap's notifiers");
        }
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(config.followRedirects() ? HttpClient.Redirect.ALWAYS : HttpClient.Redirect.NEVER)
                .sslContext(TlsContexts.sslContext(config.tls()))
                .sslParameters(TlsContexts.sslParameters(config.tls()));
        builder.proxy(config.proxyUrl() == null ? HttpClient.Builder.NO_PROXY : proxy(config.proxyUrl()));
        return new NotifierHttpClient(builder.build(), config, userAgent);
    }

    /** {@code Alertmanager/<version>}, the version from the alerting jar's manifest. */
    public static String defaultUserAgent() {
        String version = NotifierHttpClient.class.getPackage().getImplementationVersion();
        return "Alertmanager/" + (version == null ? "fluxtap-dev" : version);
    }

    private static ProxySelector proxy(String proxyUrl) {
        URI uri;
        try {
            uri = new URI(proxyUrl);
        } catch (URISyntaxException e) {
            throw new UnsupportedHttpConfigException("invalid proxy_url: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new UnsupportedHttpConfigException("proxy_url has no host");
        }
        if (uri.getUserInfo() != null) {
            throw new UnsupportedHttpConfigException("credentials in proxy_url are not supported");
        }
        if (uri.getScheme() != null && !uri.getScheme().equals("http")) {
            throw new UnsupportedHttpConfigException("proxy_url scheme " + uri.getScheme()
                    + " is not supported (only http proxies)");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        return ProxySelector.of(InetSocketAddress.createUnresolved(uri.getHost(), port));
    }

    /** An answer: its status, its Content-Type ("" when none) and the first {@link #MAX_BODY} bytes of its body. */
    public record Response(int status, String contentType, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * POSTs {@code body} and waits at most {@code timeout} for the whole answer.
     *
     * @throws HttpTimeoutException when the timeout passed
     * @throws IOException          when the connection failed (the message names no URL: it may hold a secret)
     */
    public Response post(String url, String contentType, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IOException("invalid URL: " + e.getReason());
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IOException("invalid URL: not an http(s) URL with a host");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("User-Agent", userAgent)
                .header("Content-Type", contentType)
                .version(config.enableHttp2() && uri.getScheme().equals("https")
                        ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
        String authorization = authorization();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request.build(),
                info -> new LimitedBody(MAX_BODY));
        try {
            HttpResponse<byte[]> response = exchange.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return new Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("request timed out after " + timeout);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException timeoutException) {
                throw timeoutException;
            }
            if (cause instanceof IOException io) {
                throw new IOException(io.getClass().getSimpleName()
                        + (io.getMessage() == null ? "" : ": " + io.getMessage()), io);
            }
            throw new IOException(String.valueOf(cause), cause);
        }
    }

    private String authorization() {
        HttpConfig.Authorization auth = config.authorization();
        if (auth != null && auth.credentials() != null) {
            String type = auth.type() == null || auth.type().isEmpty() ? "Bearer" : auth.type();
            return type + " " + auth.credentials().value();
        }
        HttpConfig.BasicAuth basic = config.basicAuth();
        if (basic != null) {
            String user = basic.username() != null ? basic.username()
                    : basic.usernameFile() != null ? basic.usernameFile().value() : "";
            Secret password = basic.password();
            String pass = password == null ? "" : password.value();
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass)
                    .getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    @Override
    public String toString() {
        return "NotifierHttpClient[" + config.tls() + ", proxy=" + (config.proxyUrl() != null) + "]";
    }

    /** Keeps the first {@code limit} bytes and drains the rest, so a huge answer costs no memory. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final int limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();

        LimitedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer buffer : items) {
                int room = limit - kept.size();
                int take = Math.min(room, buffer.remaining());
                if (take > 0) {
                    byte[] bytes = new byte[take];
                    buffer.get(bytes);
                    kept.write(bytes, 0, take);
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(kept.toByteArray());
        }
    }
}
