package io.fluxtap.alerting.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A scheduler that only records what it is asked to run and when; the test runs the tasks. */
final class ManualScheduler extends ScheduledThreadPoolExecutor {

    record Task(long delayNs, Runnable task, ScheduledFuture<?> future) {
    }

    final List<Task> tasks = new ArrayList<>();

    ManualScheduler() {
        super(1);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        // A future that never runs by itself: scheduled a century ahead, cancelled when the test is done.
        ScheduledFuture<?> future = super.schedule(() -> {
        }, 36500, TimeUnit.DAYS);
        tasks.add(new Task(unit.toNanos(delay), command, future));
        return future;
    }

    /** Runs the oldest task not cancelled and returns it. */
    Task runNext() {
        Task task = tasks.stream().filter(t -> !t.future().isCancelled()).findFirst().orElseThrow();
        tasks.remove(task);
        task.task().run();
        return task;
    }

    List<Task> pending() {
        return tasks.stream().filter(t -> !t.future().isCancelled()).toList();
    }
}
