package io.fluxtap.tools.loadgen.report;

import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The outcome of a run: printed for people ({@link #toText()}) and written as JSON for benchmark scripts
 * (the record components are the JSON fields).
 *
 * @param firstErrors the first message seen for each kind of error ("HTTP 503", "partial success",
 *                    "ConnectException", ...)
 */
public record Summary(Run run, double elapsedSeconds, Records records, Requests requests, Rates rates,
                      Latency latencyMs, Map<String, String> firstErrors) {

    /** What was asked for. {@code targetRate} 0 means flat out. */
    public record Run(String target, String source, String encoding, boolean gzip, int connections, int batch,
                      int targetRate) {
    }

    public record Records(long sent, long accepted, long rejected, long failed) {
    }

    /**
     * @param behindSchedule requests an open-loop run should have sent by the end but could not, because
     *                       every connection was busy: the target rate was not reached
     */
    public record Requests(long total, long succeeded, Map<String, Long> byStatus, Map<String, Long> transportErrors,
                           long behindSchedule) {
    }

    public record Rates(double recordsPerSecond, double acceptedRecordsPerSecond, double requestsPerSecond) {
    }

    /** Percentiles in milliseconds over the answered requests ({@code count}); all 0 when there were none. */
    public record Latency(long count, double p50, double p90, double p99, double p999, double max) {

        static Latency of(Histogram micros) {
            if (micros.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0, 0);
            }
            return new Latency(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
                    ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(99)),
                    ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()));
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }
    }

    public String toText() {
        StringBuilder text = new StringBuilder();
        line(text, "target", "%s (%s%s), %d connection%s, batch %d, %s", run.target(), run.encoding(),
                run.gzip() ? ", gzip" : "", run.connections(), run.connections() == 1 ? "" : "s", run.batch(),
                run.targetRate() > 0 ? "target " + run.targetRate() + " records/s (open loop)" : "flat out");
        line(text, "source", "%s", run.source());
        line(text, "elapsed", "%.3f s", elapsedSeconds);
        line(text, "records", "sent %d, accepted %d, rejected %d, failed %d", records.sent(), records.accepted(),
                records.rejected(), records.failed());
        line(text, "requests", "%d (%s)", requests.total(),
                requests.byStatus().isEmpty() ? "no answers" : counts(requests.byStatus(), "HTTP "));
        long errorAnswers = requests.total() - requests.succeeded() - transportErrorCount();
        line(text, "errors", "%s; %s",
                errorAnswers == 0 ? "no error statuses"
                        : errorAnswers + " request" + (errorAnswers == 1 ? "" : "s") + " answered with an error status",
                requests.transportErrors().isEmpty() ? "no transport errors"
                        : transportErrorCount() + " transport errors (" + counts(requests.transportErrors(), "") + ")");
        if (requests.byStatus().containsKey("503") || requests.byStatus().containsKey("429")) {
            line(text, "", "503 and 429 mean the server is under pressure and asks senders to back off (Retry-After)");
        }
        if (requests.behindSchedule() > 0) {
            line(text, "schedule", "%d requests could not be sent on time: the target rate was not reached",
                    requests.behindSchedule());
        }
        line(text, "achieved", "%.1f records/s sent, %.1f records/s accepted, %.1f requests/s",
                rates.recordsPerSecond(), rates.acceptedRecordsPerSecond(), rates.requestsPerSecond());
        line(text, "latency", "p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms (%d answered%s)",
                latencyMs.p50(), latencyMs.p90(), latencyMs.p99(), latencyMs.p999(), latencyMs.max(),
                latencyMs.count(), run.targetRate() > 0 ? ", from the intended send time" : "");
        firstErrors.forEach((kind, message) -> line(text, "first", "%s: %s", kind, message));
        return text.toString();
    }

    private long transportErrorCount() {
        return requests.transportErrors().values().stream().mapToLong(Long::longValue).sum();
    }

    private static String counts(Map<String, Long> counts, String prefix) {
        StringJoiner joined = new StringJoiner(", ");
        counts.forEach((key, count) -> joined.add(prefix + key + ": " + count));
        return joined.toString();
    }

    private static void line(StringBuilder text, String label, String format, Object... args) {
        text.append(String.format(Locale.ROOT, "%-9s ", label))
                .append(String.format(Locale.ROOT, format, args))
                .append(System.lineSeparator());
    }
}
