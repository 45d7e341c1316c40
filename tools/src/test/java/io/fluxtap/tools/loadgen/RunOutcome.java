package io.fluxtap.tools.loadgen;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** What one {@link LoadGen} run printed (stdout, stderr) and returned. */
record RunOutcome(int status, String out, String err) {

    static RunOutcome of(String... args) {
        return withProgressEvery(Duration.ofSeconds(5), args);
    }

    static RunOutcome withProgressEvery(Duration progressEvery, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new LoadGen(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), progressEvery).run(args);
        return new RunOutcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
