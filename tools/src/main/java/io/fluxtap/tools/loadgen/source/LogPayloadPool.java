package io.fluxtap.tools.loadgen.source;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OTLP log requests encoded before the run; each send only copies one and stamps the current time into it.
 * The pool holds every distinct line of the source once when that fits, so a replayed dataset is sent whole.
 */
public final class LogPayloadPool implements PayloadSource {

    private static final int MIN_BATCHES = 16;
    private static final int MAX_BATCHES = 1024;
    /** Bounds the pool's memory (a loghub record encodes to a few hundred bytes). */
    private static final int MAX_POOLED_RECORDS = 200_000;

    private final List<PayloadTemplate> templates;
    private final List<LogLine> firstBatch;
    private final OtlpLogsEncoder encoder;
    private final int batch;
    private final Clock clock;
    private final String description;
    private final AtomicLong cursor = new AtomicLong();

    public LogPayloadPool(LogLines lines, OtlpLogsEncoder encoder, int batch, Clock clock) {
        this.encoder = encoder;
        this.batch = batch;
        this.clock = clock;
        this.description = lines.description();
        int batches = Math.clamp(Math.ceilDiv(lines.distinct(), batch), MIN_BATCHES, MAX_BATCHES);
        batches = Math.min(batches, Math.max(1, MAX_POOLED_RECORDS / batch));
        List<PayloadTemplate> built = new ArrayList<>(batches);
        List<LogLine> first = null;
        for (int b = 0; b < batches; b++) {
            List<LogLine> chunk = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                chunk.add(lines.next());
            }
            if (first == null) {
                first = chunk;
            }
            built.add(encoder.encode(chunk));
        }
        this.templates = List.copyOf(built);
        this.firstBatch = List.copyOf(first);
    }

    @Override
    public Payload next(int maxItems) {
        long now = unixNanos(clock.instant());
        if (maxItems >= batch) {
            return templates.get((int) (cursor.getAndIncrement() % templates.size())).stamp(now);
        }
        // Only the last request of a --records run is short: encoding it now costs nothing that matters.
        return encoder.encode(firstBatch.subList(0, maxItems)).stamp(now);
    }

    int pooledBatches() {
        return templates.size();
    }

    @Override
    public String description() {
        return description;
    }

    private static long unixNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }
}
