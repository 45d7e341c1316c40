package io.fluxtap.tools.loadgen;

import io.fluxtap.tools.loadgen.report.RunStats;
import io.fluxtap.tools.loadgen.source.Payload;
import io.fluxtap.tools.loadgen.source.PayloadSource;
import io.fluxtap.tools.loadgen.transport.Reply;
import io.fluxtap.tools.loadgen.transport.Transport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One run: a sender thread per connection, each sending a request, waiting for the answer, and going again,
 * until the duration is over or the record budget is spent.
 *
 * <p>Flat out (no rate) the loop is closed: a sender sends its next request as soon as the previous one is
 * answered, and latency is the time of that one exchange. With a rate it is open: request k is due at
 * start + k * interval whatever happens to the others, and its latency is counted from that due time. A
 * server that stalls then shows its stall in the percentiles of every request that should have gone out
 * meanwhile, instead of quietly slowing the generator down and being measured only on the few requests it
 * did get ("coordinated omission", as wrk2 and HdrHistogram call it). Requests that were due before the end
 * but found every connection busy are counted as behind schedule.
 */
final class LoadRun {

    /** Waits are cut into slices this long so that {@link #stop()} is seen promptly. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final PayloadSource source;
    private final Transport transport;
    private final RunStats stats;
    private final int connections;
    private final int batch;
    private final long durationNanos;
    private final long recordBudget;
    private final double nanosPerRequest;
    private final AtomicLong tickets = new AtomicLong();
    private final AtomicLong recordsLeft;
    private volatile boolean stopped;
    private long startNanos;
    private long elapsedNanos;

    LoadRun(Options options, PayloadSource source, Transport transport, RunStats stats) {
        this.source = source;
        this.transport = transport;
        this.stats = stats;
        this.connections = options.connections();
        this.batch = options.batch();
        this.durationNanos = options.duration() == null ? Long.MAX_VALUE : options.duration().toNanos();
        this.recordBudget = options.records() > 0 ? options.records() : Long.MAX_VALUE;
        this.recordsLeft = new AtomicLong(recordBudget);
        this.nanosPerRequest = options.rate() > 0 ? batch * 1e9 / options.rate() : 0;
    }

    /** Sends until done; returns when every sender has its last answer (or gave up on it). */
    void execute(long startNanos) {
        this.startNanos = startNanos;
        List<Thread> senders = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            senders.add(Thread.ofPlatform().name("loadgen-sender-" + i).start(this::sendLoop));
        }
        boolean interrupted = false;
        for (Thread sender : senders) {
            while (sender.isAlive()) {
                try {
                    sender.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                    stop();
                }
            }
        }
        elapsedNanos = System.nanoTime() - startNanos;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the run early: no new requests; those in flight still get their answer. */
    void stop() {
        stopped = true;
    }

    long elapsedNanos() {
        return elapsedNanos;
    }

    /** Requests that were due within the run (open loop only) but never sent. */
    long behindSchedule() {
        if (nanosPerRequest == 0) {
            return 0;
        }
        long window = Math.min(durationNanos, elapsedNanos);
        long due = (long) Math.ceil(window / nanosPerRequest);
        if (recordBudget != Long.MAX_VALUE) {
            due = Math.min(due, Math.ceilDiv(recordBudget, batch));
        }
        return Math.max(0, due - stats.requests());
    }

    private void sendLoop() {
        boolean openLoop = nanosPerRequest > 0;
        while (!stopped) {
            long due = 0;
            if (openLoop) {
                long offset = (long) (tickets.getAndIncrement() * nanosPerRequest);
                if (offset >= durationNanos) {
                    // The run lasts its duration even when the last request was due earlier: otherwise the
                    // achieved rate would be computed over a shorter time than the one the target was for.
                    parkUntil(startNanos + durationNanos);
                    return;
                }
                if (!parkUntil(startNanos + offset)) {
                    return;
                }
                due = startNanos + offset;
            }
            // An open-loop request that became due in time but only found a free connection after the end is not
            // sent: it is one of the requests behind schedule.
            if (System.nanoTime() - startNanos >= durationNanos) {
                return;
            }
            int records = claim();
            if (records == 0) {
                return;
            }
            Payload payload = source.next(records);
            long measuredFrom = openLoop ? due : System.nanoTime();
            try {
                Reply reply = transport.send(payload);
                stats.answered(records, reply, System.nanoTime() - measuredFrom);
            } catch (IOException e) {
                stats.failed(records, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Takes up to one batch from the record budget; 0 when it is spent. */
    private int claim() {
        while (true) {
            long left = recordsLeft.get();
            if (left <= 0) {
                return 0;
            }
            int take = (int) Math.min(batch, left);
            if (recordsLeft.compareAndSet(left, left - take)) {
                return take;
            }
        }
    }

    /** False when the run was stopped while waiting. */
    private boolean parkUntil(long deadline) {
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0) {
            if (stopped) {
                return false;
            }
            LockSupport.parkNanos(Math.min(remaining, MAX_PARK_NANOS));
        }
        return !stopped;
    }
}
