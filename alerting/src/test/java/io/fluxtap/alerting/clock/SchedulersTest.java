package io.fluxtap.alerting.clock;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulersTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void virtualTimeRunsTasksInDueOrderAtTheirTime() {
        VirtualScheduler clock = new VirtualScheduler(T0);
        List<String> ran = new ArrayList<>();
        clock.schedule(Duration.ofSeconds(10), () -> ran.add("b@" + clock.now()));
        clock.schedule(Duration.ofSeconds(5), () -> {
            ran.add("a@" + clock.now());
            clock.schedule(Duration.ofSeconds(1), () -> ran.add("a2@" + clock.now()));
        });
        clock.schedule(Duration.ofSeconds(10), () -> ran.add("c@" + clock.now()));
        Scheduler.Cancellable cancelled = clock.schedule(Duration.ofSeconds(7), () -> ran.add("never"));
        cancelled.cancel();
        clock.advance(Duration.ofSeconds(9));
        assertEquals(List.of("a@2026-01-01T00:00:05Z", "a2@2026-01-01T00:00:06Z"), ran);
        assertEquals(T0.plusSeconds(9), clock.now());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("a@2026-01-01T00:00:05Z", "a2@2026-01-01T00:00:06Z", "b@2026-01-01T00:00:10Z",
                "c@2026-01-01T00:00:10Z"), ran, "ties in scheduling order");
        assertEquals(0, clock.pending());
    }

    @Test
    void sleepMovesTheClockAndLateTasksRunAfterwards() {
        VirtualScheduler clock = new VirtualScheduler(T0);
        List<Instant> ran = new ArrayList<>();
        clock.schedule(Duration.ZERO, () -> clock.sleep(Duration.ofSeconds(3)));
        clock.schedule(Duration.ofSeconds(1), () -> ran.add(clock.now()));
        clock.advance(Duration.ofSeconds(2));
        assertEquals(List.of(T0.plusSeconds(3)), ran, "due at 1 s, run late at 3 s when the sleeper returned");
        assertEquals(T0.plusSeconds(3), clock.now(), "time never goes backwards");
    }

    @Test
    void everyRepeatsUntilCancelled() {
        VirtualScheduler clock = new VirtualScheduler(T0);
        List<Instant> ran = new ArrayList<>();
        Scheduler.Cancellable handle = clock.every(Duration.ofMinutes(15), () -> ran.add(clock.now()));
        clock.advance(Duration.ofMinutes(45));
        assertEquals(List.of(T0.plusSeconds(900), T0.plusSeconds(1800), T0.plusSeconds(2700)), ran);
        handle.cancel();
        clock.advance(Duration.ofHours(1));
        assertEquals(3, ran.size());
        assertEquals(0, clock.pending());
    }

    @Test
    void realSchedulerRunsTasksOnItsWorkers() throws Exception {
        try (RealScheduler scheduler = new RealScheduler(Clock.systemUTC(), "test-alerting")) {
            CountDownLatch ran = new CountDownLatch(1);
            String[] thread = new String[1];
            scheduler.schedule(Duration.ofMillis(10), () -> {
                thread[0] = Thread.currentThread().getName();
                ran.countDown();
            });
            assertTrue(ran.await(10, TimeUnit.SECONDS));
            assertTrue(thread[0].startsWith("test-alerting-"), thread[0]);
            CountDownLatch never = new CountDownLatch(1);
            scheduler.schedule(Duration.ofMillis(50), never::countDown).cancel();
            assertTrue(!never.await(200, TimeUnit.MILLISECONDS), "a cancelled task does not run");
        }
    }
}
