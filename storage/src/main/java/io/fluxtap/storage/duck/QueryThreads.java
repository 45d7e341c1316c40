package io.fluxtap.storage.duck;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A bounded set of platform threads for blocking DuckDB work. A native DuckDB call made on a virtual thread holds
 * that thread's carrier (one per core) for as long as it runs, so two slow statements on request threads leave no
 * carrier for health checks, ingest or any other request. Work handed here runs on a platform thread instead, and
 * the waiting virtual thread gives its carrier back. Work beyond {@code threads} waits in order for a thread.
 */
public final class QueryThreads implements AutoCloseable {

    private final ThreadPoolExecutor executor;

    /** @param threads most tasks running at once; idle threads end after a while */
    public QueryThreads(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException(name + ": at least one thread, not " + threads);
        }
        executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name(name + "-", 0).daemon().factory());
        executor.allowCoreThreadTimeOut(true);
    }

    /** {@code max(2, cores)}: what {@code 0} stands for in the thread-count settings. */
    public static int threadsFor(int configured) {
        return configured > 0 ? configured : Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Runs {@code work} on one of the pool's threads and waits for it, however long it takes. A platform thread
     * (a pool thread itself, a background job) holds no carrier, so its work runs right where it is: no hop, and
     * nested calls cannot wait for a thread their own caller occupies.
     */
    public <T> T call(Callable<T> work) throws Exception {
        if (!Thread.currentThread().isVirtual()) {
            return work.call();
        }
        return await(submit(work), false, 0);
    }

    /**
     * Runs {@code work} on one of the pool's threads, waiting at most until {@code deadlineNanos}
     * ({@link System#nanoTime()}), the time spent waiting for a thread included. Work that has not started by then
     * never starts; work that has started is the caller's to stop by the same deadline.
     *
     * @throws TimeoutException when the deadline passed first
     */
    public <T> T call(Callable<T> work, long deadlineNanos) throws Exception {
        return await(submit(work), true, deadlineNanos);
    }

    private static <T> T await(Future<T> future, boolean bounded, long deadlineNanos) throws Exception {
        try {
            return bounded
                    ? future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)
                    : future.get();
        } catch (TimeoutException e) {
            future.cancel(false);
            throw e;
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw e;
        } catch (ExecutionException e) {
            throw rethrown(e);
        }
    }

    private <T> Future<T> submit(Callable<T> work) {
        try {
            return executor.submit(work);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the DuckDB query threads are shut down", e);
        }
    }

    private static Exception rethrown(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Error error) {
            throw error;
        }
        return cause instanceof Exception exception ? exception : e;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
