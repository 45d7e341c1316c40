package io.fluxtap.alerting.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Virtual time for deterministic tests: nothing runs until {@link #advance} moves the clock, and then every task
 * due by the new time runs on the calling thread, in due-time order (ties in scheduling order), with
 * {@link #now()} set to the task's due time. {@link #sleep} moves the clock at once without running anything; tasks
 * that came due meanwhile run, late, once the current task returns, as a busy thread would see them.
 */
public final class VirtualScheduler implements Scheduler {

    private record Task(Instant due, long seq, Runnable body, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> {
        int c = a.due.compareTo(b.due);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private Instant now;
    private long seq;

    public VirtualScheduler(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Duration wait = delay.isNegative() ? Duration.ZERO : delay;
        boolean[] cancelled = {false};
        queue.add(new Task(now.plus(wait), seq++, task, cancelled));
        return () -> {
            synchronized (VirtualScheduler.this) {
                cancelled[0] = true;
            }
        };
    }

    @Override
    public synchronized void sleep(Duration duration) {
        if (!duration.isNegative()) {
            now = now.plus(duration);
        }
    }

    /** Moves the clock forward by {@code duration}, running every task due on the way. */
    public void advance(Duration duration) {
        advanceTo(now().plus(duration));
    }

    /** Runs the tasks due now (e.g. those scheduled with no delay). */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** Moves the clock to {@code target} (never backwards), running every task due by then. */
    public void advanceTo(Instant target) {
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due.isAfter(target)) {
                    if (target.isAfter(now)) {
                        now = target;
                    }
                    return;
                }
                queue.poll();
                if (next.cancelled[0]) {
                    continue;
                }
                if (next.due.isAfter(now)) {
                    now = next.due;
                }
            }
            next.body.run();
        }
    }

    /** Tasks waiting (cancelled ones included until their time comes). */
    public synchronized int pending() {
        return (int) queue.stream().filter(t -> !t.cancelled[0]).count();
    }
}
