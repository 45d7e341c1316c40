package io.fluxtap.ui.sql;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A read a view starts beside its main one, so a page that needs several scans of the store waits for the longest,
 * not their sum: the store runs more than one query at once ({@code fluxtap.query.threads}). Each read has a
 * virtual thread of its own, which waits for a query thread; the view joins it under its session lock.
 *
 * @param <T> what the read returns
 */
public final class Beside<T> {

    private static final Executor VIRTUAL = command -> Thread.ofVirtual().name("dashboard-read").start(command);

    private final CompletableFuture<T> read;

    private Beside(CompletableFuture<T> read) {
        this.read = read;
    }

    public static <T> Beside<T> read(Supplier<T> supplier) {
        return new Beside<>(CompletableFuture.supplyAsync(supplier, VIRTUAL));
    }

    /** What the read returned, or what it threw, thrown here as it was. */
    public T join() {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
