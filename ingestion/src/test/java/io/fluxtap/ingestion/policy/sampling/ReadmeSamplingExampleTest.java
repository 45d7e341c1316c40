package io.fluxtap.ingestion.policy.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.SpanRecord;
import io.fluxtap.ingestion.policy.sampling.TraceGenerator.GeneratedTrace;
import io.fluxtap.testing.MovableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** README.md's "Tail sampling" example and the distribution's conf/sampling.yml load as pasted. */
class ReadmeSamplingExampleTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void theReadmesThreePoliciesLoadAndKeepErrorsAndSlowTraces() throws IOException {
        Matcher block = Pattern.compile("<!-- example: sampling-yml -->\\s*```yaml\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("../README.md")));
        assertTrue(block.find(), "README.md has the sampling-yml example");
        SamplingConfig config = SamplingConfigReader.parse(block.group(1), "README.md");
        assertEquals(List.of("status_code", "latency", "probabilistic"),
                config.policies().stream().map(NamedPolicy::type).toList());
        assertEquals(Duration.ofSeconds(10), config.decisionWait());

        List<GeneratedTrace> traces = new TraceGenerator(3, T0).traces(200);
        MovableClock clock = new MovableClock(T0);
        TailSampler sampler = new TailSampler(config, clock, SamplingTesting.metrics());
        traces.forEach(t -> sampler.offer(t.spans()));
        clock.advance(Duration.ofSeconds(10));
        Set<String> kept = sampler.decideDue().stream().map(SpanRecord::traceId).collect(Collectors.toSet());
        traces.stream().filter(t -> t.error() || t.durationMs() >= 500)
                .forEach(t -> assertTrue(kept.contains(t.traceId()), "kept: " + t));
        long others = traces.stream().filter(t -> !t.error() && t.durationMs() < 500).count();
        long othersKept = traces.stream().filter(t -> !t.error() && t.durationMs() < 500)
                .filter(t -> kept.contains(t.traceId())).count();
        assertTrue(othersKept < others / 2, "a sample of the rest, not all: " + othersKept + " of " + others);
    }

    @Test
    void theDistributionsFileIsOffAndItsCommentedPoliciesLoad() throws IOException {
        String shipped = Files.readString(Path.of("../dist/src/main/dist/conf/sampling.yml"));
        assertFalse(SamplingConfigReader.parse(shipped, "conf/sampling.yml").enabled(), "off by default");
        // Uncommented from "#tail_sampling:" on, as a user would.
        String uncommented = shipped.substring(shipped.indexOf("#tail_sampling:")).lines()
                .map(l -> l.substring(1)).collect(Collectors.joining("\n"));
        assertEquals(3, SamplingConfigReader.parse(uncommented, "conf/sampling.yml").policies().size());
    }
}
