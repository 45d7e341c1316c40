package io.fluxtap.storage.prometheus.api;

import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.PromqlException.ErrorType;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs query evaluations off the request thread, so a request gets its answer when its time limit is up even
 * if the evaluation is still running (the engine's own limit, {@code fluxtap.promql.query-timeout}, ends it). Evaluations run on
 * platform threads: a CPU-bound evaluation or a native DuckDB read on a virtual thread would hold its carrier
 * (one per core) and stall every other request. At most {@link PromqlSettings#maxConcurrency()} evaluate at once,
 * counting evaluations that still run after their request timed out: a slot is freed when its evaluation ends.
 * Waiting for a slot counts against the limit, as in Prometheus' query queue. Whatever an evaluation throws, even
 * an Error such as a stack overflow on a deeply nested query, comes back as a {@link PromqlException}.
 */
@ApplicationScoped
public class QueryRunner {

    private static final System.Logger LOG = System.getLogger(QueryRunner.class.getName());

    private final Semaphore slots;
    private final ThreadPoolExecutor executor;

    @Inject
    public QueryRunner(PromqlSettings settings) {
        this(settings.maxConcurrency());
    }

    QueryRunner(int maxConcurrency) {
        this.slots = new Semaphore(maxConcurrency, true);
        // As many threads as slots, so an evaluation holding a slot never waits for a thread; idle ones end.
        this.executor = new ThreadPoolExecutor(maxConcurrency, maxConcurrency, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Thread.ofPlatform().name("fluxtap-promql-", 0).daemon().factory());
        executor.allowCoreThreadTimeOut(true);
    }

    public <T> T run(Duration timeout, Callable<T> evaluation) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!slots.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new PromqlException(ErrorType.TIMEOUT, "query timed out in query queue");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PromqlException(ErrorType.CANCELED, "query was canceled in query queue");
        }
        // The task always runs once queued (nothing removes it), so its finally is where the slot goes back: when
        // the evaluation has ended, not when the request stopped waiting for it. A task whose request already gave
        // up skips the evaluation. No interrupt: neither the engine nor a native DuckDB call would notice one.
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                if (!result.isDone()) {
                    result.complete(evaluation.call());
                }
            } catch (Throwable e) {
                result.completeExceptionally(e);
            } finally {
                slots.release();
            }
        };
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            slots.release();
            throw new PromqlException(ErrorType.CANCELED, "query was canceled: the server is shutting down");
        }
        try {
            return result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            result.cancel(false);
            throw new PromqlException(ErrorType.TIMEOUT, "query timed out in expression evaluation");
        } catch (InterruptedException e) {
            result.cancel(false);
            Thread.currentThread().interrupt();
            throw new PromqlException(ErrorType.CANCELED, "query was canceled in expression evaluation");
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    private static PromqlException failure(Throwable cause) {
        if (cause instanceof PromqlException promql) {
            return promql;
        }
        LOG.log(System.Logger.Level.WARNING, "A PromQL evaluation failed", cause);
        String reason = cause instanceof StackOverflowError ? "the query is nested too deeply"
                : cause instanceof OutOfMemoryError ? "the query needs more memory than the server has"
                : String.valueOf(cause);
        return new PromqlException(ErrorType.INTERNAL, "query evaluation failed: " + reason);
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }
}
