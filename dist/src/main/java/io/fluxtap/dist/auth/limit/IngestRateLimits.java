package io.fluxtap.dist.auth.limit;

import io.fluxtap.api.auth.IngestRateLimit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * The server's ingest rate limits (issue #17): per sender a token bucket of requests and one of body bytes, each
 * refilled at its rate a second and holding {@value #BURST_KEY} seconds of it, so a sender may burst after a pause
 * but not sustain more than its rate. Refusals are counted as {@code fluxtap_rate_limit_hits_total{limiter,
 * identifier}}. The senders are at most {@value #MAX_SENDERS}: past that, idle ones (full buckets) are forgotten,
 * and if none is idle the newcomers share one budget, {@value #OVERFLOW}, so unknown addresses cannot grow the map.
 */
@ApplicationScoped
public class IngestRateLimits implements IngestRateLimit {

    public static final String REQUESTS_KEY = "fluxtap.auth.rate-limit.requests-per-second";
    public static final String BYTES_KEY = "fluxtap.auth.rate-limit.bytes-per-second";
    public static final String BURST_KEY = "fluxtap.auth.rate-limit.burst-seconds";
    public static final String HITS = "fluxtap_rate_limit_hits";
    static final int MAX_SENDERS = 10_000;
    static final String OVERFLOW = "(other senders)";

    private double requestsPerSecond;
    private double bytesPerSecond;
    private double burstSeconds;
    private LongSupplier nanos;
    private BiConsumer<String, String> hits;
    private final Map<String, Sender> senders = new ConcurrentHashMap<>();

    /** For CDI's proxy. */
    IngestRateLimits() {
    }

    @Inject
    public IngestRateLimits(@ConfigProperty(name = REQUESTS_KEY, defaultValue = "0") double requestsPerSecond,
                            @ConfigProperty(name = BYTES_KEY, defaultValue = "0") double bytesPerSecond,
                            @ConfigProperty(name = BURST_KEY, defaultValue = "1") double burstSeconds,
                            @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry registry) {
        this(requestsPerSecond, bytesPerSecond, burstSeconds, System::nanoTime,
                (limiter, sender) -> registry.counter(HITS, new Tag("limiter", limiter), new Tag("identifier", sender))
                        .inc());
    }

    /**
     * @param requestsPerSecond 0 for no limit on requests
     * @param bytesPerSecond    0 for no limit on body bytes
     * @param hits              told (limiter, sender) of every refusal
     */
    IngestRateLimits(double requestsPerSecond, double bytesPerSecond, double burstSeconds, LongSupplier nanos,
                     BiConsumer<String, String> hits) {
        check(REQUESTS_KEY, requestsPerSecond);
        check(BYTES_KEY, bytesPerSecond);
        if (!(burstSeconds > 0) || Double.isInfinite(burstSeconds)) {
            throw new IllegalArgumentException(BURST_KEY + " must be a positive number of seconds, not " + burstSeconds);
        }
        this.requestsPerSecond = requestsPerSecond;
        this.bytesPerSecond = bytesPerSecond;
        this.burstSeconds = burstSeconds;
        this.nanos = nanos;
        this.hits = hits;
    }

    private static void check(String key, double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(key + " must be 0 (no limit) or a positive rate, not " + rate);
        }
    }

    @Override
    public boolean enabled() {
        return requestsPerSecond > 0 || bytesPerSecond > 0;
    }

    @Override
    public Optional<Refusal> admit(String sender, long requests, long bytes) {
        if (!enabled()) {
            return Optional.empty();
        }
        long now = nanos.getAsLong();
        String name = sender == null || sender.isEmpty() ? "unknown" : sender;
        Sender budget = senderFor(name, now);
        Optional<Refusal> refusal = budget.admit(requests, bytes, now);
        refusal.ifPresent(r -> hits.accept(r.limiter(), budget.name));
        return refusal;
    }

    private Sender senderFor(String name, long now) {
        Sender known = senders.get(name);
        if (known != null) {
            return known;
        }
        if (senders.size() >= MAX_SENDERS) {
            forgetIdle(now);
            if (senders.size() >= MAX_SENDERS) {
                return senders.computeIfAbsent(OVERFLOW, n -> new Sender(n, now));
            }
        }
        return senders.computeIfAbsent(name, n -> new Sender(n, now));
    }

    private void forgetIdle(long now) {
        for (Iterator<Sender> it = senders.values().iterator(); it.hasNext(); ) {
            Sender s = it.next();
            if (s.idle(now)) {
                it.remove();
            }
        }
    }

    int senderCount() {
        return senders.size();
    }

    private final class Sender {
        final String name;
        private final TokenBucket requests;
        private final TokenBucket bytes;

        Sender(String name, long now) {
            this.name = name;
            this.requests = requestsPerSecond > 0
                    ? new TokenBucket(requestsPerSecond, Math.max(1, requestsPerSecond * burstSeconds), now) : null;
            this.bytes = bytesPerSecond > 0
                    ? new TokenBucket(bytesPerSecond, Math.max(1, bytesPerSecond * burstSeconds), now) : null;
        }

        synchronized Optional<Refusal> admit(long requestCount, long byteCount, long now) {
            long requestWait = requests == null || requestCount == 0 ? 0 : requests.waitNanos(requestCount, now);
            if (requestWait > 0) {
                return Optional.of(refusal("requests", requestWait, rate(requestsPerSecond) + " requests/s"));
            }
            long byteWait = bytes == null || byteCount == 0 ? 0 : bytes.waitNanos(byteCount, now);
            if (byteWait > 0) {
                return Optional.of(refusal("bytes", byteWait, rate(bytesPerSecond) + " bytes/s"));
            }
            if (requests != null) {
                requests.take(requestCount);
            }
            if (bytes != null) {
                bytes.take(byteCount);
            }
            return Optional.empty();
        }

        synchronized boolean idle(long now) {
            return (requests == null || requests.full(now)) && (bytes == null || bytes.full(now));
        }

        private Refusal refusal(String limiter, long waitNanos, String limit) {
            Duration wait = Duration.ofNanos(waitNanos);
            return new Refusal(limiter, wait, "rate limit: sender '" + name + "' may send " + limit
                    + "; retry after " + Refusal.wholeSeconds(wait) + " s");
        }
    }

    private static String rate(double rate) {
        return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate);
    }
}
