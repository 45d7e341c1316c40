package io.fluxtap.storage.duck;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryThreadsTest {

    private final QueryThreads threads = new QueryThreads("test-query", 1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        threads.close();
    }

    @Test
    void workFromAVirtualThreadRunsOnAPlatformThread() throws Exception {
        CompletableFuture<Boolean> virtual = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                virtual.complete(threads.call(() -> Thread.currentThread().isVirtual()));
            } catch (Exception e) {
                virtual.completeExceptionally(e);
            }
        });
        assertFalse(virtual.get(10, TimeUnit.SECONDS), "ran on a platform thread");
        assertEquals(Thread.currentThread().getName(), threads.call(() -> Thread.currentThread().getName()),
                "a platform caller runs its work in place");
    }

    @Test
    void workStillWaitingForAThreadAtItsDeadlineTimesOutAndNeverRuns() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Object> busy = CompletableFuture.supplyAsync(() -> {
            try {
                return threads.call(() -> {
                    started.countDown();
                    return release.await(30, TimeUnit.SECONDS);
                }, System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));

        AtomicBoolean ran = new AtomicBoolean();
        long start = System.nanoTime();
        assertThrows(TimeoutException.class, () -> threads.call(() -> ran.getAndSet(true),
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200)));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "answered at its deadline");

        release.countDown();
        assertEquals(Boolean.TRUE, busy.get(10, TimeUnit.SECONDS));
        assertEquals("after", threads.call(() -> "after", System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
        assertFalse(ran.get(), "the work that timed out while queued never ran");
    }

}
