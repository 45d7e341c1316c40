package io.fluxtap.storage.prometheus.api;

import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.PromqlException.ErrorType;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs query evaluations off the request thread, so a request gets its answer when its time limit is up even
 * if the evaluation is still running (it is interrupted and the engine's own limit ends it). At most
 * {@link PromqlSettings#maxConcurrency()} evaluate at once; waiting for a slot counts against the limit, as in
 * Prometheus' query queue. Whatever an evaluation throws, even an Error such as a stack overflow on a deeply
 * nested query, comes back as a {@link PromqlException}.
 */
@ApplicationScoped
public class QueryRunner {

    private static final System.Logger LOG = System.getLogger(QueryRunner.class.getName());

    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("promql-", 0).factory());
    private final Semaphore slots;

    @Inject
    public QueryRunner(PromqlSettings settings) {
        this.slots = new Semaphore(settings.maxConcurrency(), true);
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
        try {
            Future<T> future = executor.submit(evaluation);
            try {
                return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                throw new PromqlException(ErrorType.TIMEOUT, "query timed out in expression evaluation");
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new PromqlException(ErrorType.CANCELED, "query was canceled in expression evaluation");
            } catch (ExecutionException e) {
                throw failure(e.getCause());
            }
        } finally {
            slots.release();
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
