package io.fluxtap.tools.loadgen.report;

import io.fluxtap.tools.loadgen.transport.Reply;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the senders observed, updated concurrently. Every record sent ends up accepted, rejected (by an
 * error status or by partial success) or failed (no answer), so sent = accepted + rejected + failed.
 */
public final class RunStats {

    private static final int SIGNIFICANT_DIGITS = 3;

    private final LongAdder recordsSent = new LongAdder();
    private final LongAdder recordsAccepted = new LongAdder();
    private final LongAdder recordsRejected = new LongAdder();
    private final LongAdder recordsFailed = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder succeededRequests = new LongAdder();
    private final ConcurrentMap<Integer, LongAdder> requestsByStatus = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> transportErrors = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> firstErrors = new ConcurrentHashMap<>();
    /** Microseconds; a Recorder lets the progress line read interval percentiles without stopping senders. */
    private final Recorder latency = new Recorder(SIGNIFICANT_DIGITS);
    /** Everything drained from {@link #latency} so far; guarded by this. */
    private final Histogram totalLatency = new Histogram(SIGNIFICANT_DIGITS);
    private Histogram recycled;

    /** A request of {@code records} records was answered after {@code latencyNanos}. */
    public void answered(int records, Reply reply, long latencyNanos) {
        recordsSent.add(records);
        requests.increment();
        requestsByStatus.computeIfAbsent(reply.status(), status -> new LongAdder()).increment();
        latency.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
        if (reply.succeeded()) {
            succeededRequests.increment();
            long rejected = Math.min(Math.max(0, reply.rejected()), records);
            recordsRejected.add(rejected);
            recordsAccepted.add(records - rejected);
            if (rejected > 0) {
                firstErrors.putIfAbsent("partial success", describe(reply.message(), "no message"));
            }
        } else {
            recordsRejected.add(records);
            firstErrors.putIfAbsent("HTTP " + reply.status(), describe(reply.message(), "empty body"));
        }
    }

    /** A request of {@code records} records got no answer. Its time is not a latency, so it is not recorded. */
    public void failed(int records, Exception error) {
        recordsSent.add(records);
        recordsFailed.add(records);
        requests.increment();
        String kind = error.getClass().getSimpleName();
        transportErrors.computeIfAbsent(kind, k -> new LongAdder()).increment();
        firstErrors.putIfAbsent(kind, describe(error.getMessage(), "no message"));
    }

    public long recordsSent() {
        return recordsSent.sum();
    }

    public long recordsAccepted() {
        return recordsAccepted.sum();
    }

    public long recordsRejected() {
        return recordsRejected.sum();
    }

    public long recordsFailed() {
        return recordsFailed.sum();
    }

    public long requests() {
        return requests.sum();
    }

    /** Latencies recorded since the previous call (they also go into the run's total). */
    public synchronized Histogram drainLatency() {
        Histogram interval = latency.getIntervalHistogram(recycled);
        totalLatency.add(interval);
        recycled = interval;
        return interval.copy();
    }

    /** The summary of everything recorded so far. */
    public Summary summary(Summary.Run run, long elapsedNanos, long requestsBehindSchedule) {
        drainLatency();
        Histogram total;
        synchronized (this) {
            total = totalLatency.copy();
        }
        double seconds = elapsedNanos / 1e9;
        long sent = recordsSent();
        long accepted = recordsAccepted();
        long requestCount = requests();
        return new Summary(run, seconds,
                new Summary.Records(sent, accepted, recordsRejected(), recordsFailed()),
                new Summary.Requests(requestCount, succeededRequests.sum(), sorted(requestsByStatus),
                        sorted(transportErrors), requestsBehindSchedule),
                new Summary.Rates(perSecond(sent, seconds), perSecond(accepted, seconds),
                        perSecond(requestCount, seconds)),
                Summary.Latency.of(total),
                new TreeMap<>(firstErrors));
    }

    private static <K> Map<String, Long> sorted(Map<K, LongAdder> counts) {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((key, count) -> sorted.put(String.valueOf(key), count.sum()));
        return sorted;
    }

    private static double perSecond(long count, double seconds) {
        return seconds > 0 ? count / seconds : 0;
    }

    private static String describe(String message, String fallback) {
        return message == null || message.isBlank() ? fallback : message;
    }
}
