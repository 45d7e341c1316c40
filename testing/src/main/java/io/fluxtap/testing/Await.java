package io.fluxtap.testing;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polling with a deadline, on Awaitility: the tests' one way to wait for something another thread does. A timeout is
 * an {@link AssertionError} that says what was last seen, so a failed wait reads like a failed assertion.
 *
 * <pre>{@code
 * Await.until(() -> sink.records().size() == 2, Duration.ofSeconds(10), () -> "stored: " + sink.records());
 * JsonNode page = Await.value(Duration.ofSeconds(20), () -> json(get(url)), p -> p.get("count").asInt() == 1);
 * }</pre>
 */
public final class Await {

    private static final Duration FAST = Duration.ofMillis(2);
    private static final Duration HTTP = Duration.ofMillis(50);

    private Await() {
    }

    /**
     * Polls (every 2 ms: in-process state is cheap to read) until the condition holds.
     *
     * @param failure what the assertion error says at the deadline, read only then
     */
    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> failure) {
        try {
            Awaitility.await().atMost(timeout).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(FAST)
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("timed out after " + timeout + ": " + failure.get(), e);
        }
    }

    /**
     * Polls (every 50 ms: the value usually comes from a server over HTTP) until the value satisfies the
     * condition, and returns that value; the assertion error at the deadline names the last value seen.
     */
    public static <T> T value(Duration timeout, Supplier<T> supplier, Predicate<T> condition) {
        AtomicReference<T> last = new AtomicReference<>();
        try {
            return Awaitility.await().atMost(timeout).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(HTTP)
                    .until(() -> {
                        T value = supplier.get();
                        last.set(value);
                        return value;
                    }, condition::test);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("condition not met within " + timeout + "; last value: " + last.get(), e);
        }
    }
}
