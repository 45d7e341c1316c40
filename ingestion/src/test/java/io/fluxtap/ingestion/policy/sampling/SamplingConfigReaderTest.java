package io.fluxtap.ingestion.policy.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.testing.MovableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamplingConfigReaderTest {

    /** The seed's policies as a Collector configuration holds them. */
    private static final String COLLECTOR = """
            processors:
              tail_sampling:
                decision_wait: 10s
                num_traces: 100
                expected_new_traces_per_sec: 10
                policies:
                  [
                    {
                      name: errors-policy,
                      type: status_code,
                      status_code: {status_codes: [ERROR]}
                    },
                    {
                      name: slow-traces-policy,
                      type: latency,
                      latency: {threshold_ms: 500}
                    },
                    {
                      name: randomized-policy,
                      type: probabilistic,
                      probabilistic: {sampling_percentage: 10}
                    }
                  ]
            """;

    @Test
    void aCollectorConfigurationParsesAsWritten() {
        SamplingConfig config = SamplingConfigReader.parse(COLLECTOR, "collector.yml");
        assertEquals(Duration.ofSeconds(10), config.decisionWait());
        assertEquals(100, config.numTraces());
        assertEquals(List.of("errors-policy", "slow-traces-policy", "randomized-policy"),
                config.policies().stream().map(NamedPolicy::name).toList());
        assertEquals(List.of("status_code", "latency", "probabilistic"),
                config.policies().stream().map(NamedPolicy::type).toList());
        assertTrue(config.enabled());
        // The same block without the Collector's nesting, and under a named processor id.
        String bare = COLLECTOR.replace("processors:\n  tail_sampling:\n", "").replaceAll("(?m)^    ", "");
        assertEquals(3, SamplingConfigReader.parse(bare, "bare.yml").policies().size());
        assertEquals(3, SamplingConfigReader.parse(COLLECTOR.replace("tail_sampling:", "tail_sampling/prod:"),
                "named.yml").policies().size());
    }

    @Test
    void defaultsAndGoDurations() {
        SamplingConfig config = SamplingConfigReader.parse("""
                decision_wait: 1m30s
                root_span_grace: 1.5s
                policies: [{name: all, type: always_sample}]
                """, "t");
        assertEquals(Duration.ofSeconds(90), config.decisionWait());
        assertEquals(Duration.ofMillis(1500), config.rootSpanGrace());
        assertEquals(SamplingConfig.DEFAULT_NUM_TRACES, config.numTraces());
        assertEquals(SamplingConfig.DEFAULT_MAX_BUFFERED_SPANS, config.maxBufferedSpans());
        assertEquals(64L << 20, config.maxBufferedBytes());
        assertEquals(5_000_000_000L, SamplingConfigReader.parse("max_buffered_bytes: 5000000000\n", "t").maxBufferedBytes(),
                "a byte bound past an int");
        assertFalse(SamplingConfigReader.parse("# nothing\n", "t").enabled(), "an empty file is sampling off");
        assertFalse(SamplingConfigReader.parse("decision_wait: 5s\npolicies: []\n", "t").enabled());
    }

    @Test
    void malformedFilesAreRefusedNamingTheField() {
        assertRefused("decision_wait: ten\npolicies: []", "t: decision_wait: not a duration");
        assertRefused("decision_wait: 10\npolicies: []", "t: decision_wait: must be a duration");
        assertRefused("num_traces: 0", "t: num_traces: must be positive");
        assertRefused("max_buffered_bytes: 0", "t: max_buffered_bytes: must be positive");
        assertRefused("num_tracez: 5", "t: num_tracez: unknown field");
        assertRefused("policies: {name: a}", "t: policies: must be a list");
        assertRefused("policies: [{type: always_sample}]", "t: policies[0].name: is required");
        assertRefused("policies: [{name: a, type: sometimes}]", "t: policies[0].type: unknown policy type \"sometimes\"");
        assertRefused("policies: [{name: a, type: always_sample}, {name: a, type: always_sample}]",
                "t: policies[1].name: duplicate policy name \"a\"");
        assertRefused("policies: [{name: a, type: status_code, status_code: {status_codes: [FAILED]}}]",
                "t: policies[0].status_code.status_codes: unknown status code \"FAILED\"");
        assertRefused("policies: [{name: a, type: status_code}]", "t: policies[0].status_code: is required");
        assertRefused("policies: [{name: a, type: latency, latency: {threshold_ms: -1}}]",
                "t: policies[0].latency.threshold_ms: must not be negative");
        assertRefused("policies: [{name: a, type: latency, latency: {threshold_ms: 100, upper_threshold_ms: 50}}]",
                "t: policies[0].latency.upper_threshold_ms: must be greater than threshold_ms");
        assertRefused("policies: [{name: a, type: latency, latency: {threshold: 100}}]",
                "t: policies[0].latency.threshold: unknown field");
        assertRefused("policies: [{name: a, type: probabilistic, probabilistic: {sampling_percentage: ten}}]",
                "t: policies[0].probabilistic.sampling_percentage: is required");
        assertRefused("policies: [{name: a, type: string_attribute, string_attribute: {key: k, values: ['(']," 
                + " enabled_regex_matching: true}}]", "t: policies[0].string_attribute.values[0]: not a regular expression");
        assertRefused("policies: [{name: a, type: rate_limiting, rate_limiting: {spans_per_second: 0}}]",
                "t: policies[0].rate_limiting.spans_per_second: must be positive");
        assertRefused("policies: [{name: a, type: and, and: {and_sub_policy: [{name: b, type: and}]}}]",
                "t: policies[0].and.and_sub_policy[0].type: \"and\" cannot be a sub-policy");
        assertRefused("policies: [{name: a, type: composite, composite: {max_total_spans_per_second: 10, "
                + "policy_order: [x], composite_sub_policy: [{name: b, type: always_sample}]}}]",
                "t: policies[0].composite.policy_order[0]: no sub-policy named \"x\"");
        assertRefused("policies: [oops", "t: not YAML");
    }

    @Test
    void compositeSharesItsRateAmongSubPoliciesInOrder() {
        SamplingConfig config = SamplingConfigReader.parse("""
                policies:
                  - name: budget
                    type: composite
                    composite:
                      max_total_spans_per_second: 10
                      policy_order: [errors, everything]
                      composite_sub_policy:
                        - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
                        - {name: everything, type: always_sample}
                      rate_allocation:
                        - {policy: errors, percent: 60}
                        - {policy: everything, percent: 40}
                """, "t");
        MovableClock clock = new MovableClock(java.time.Instant.parse("2026-12-01T10:00:00Z"));
        TailSampler sampler = new TailSampler(config, clock, SamplingTesting.metrics());
        // Three-span traces: errors may take 6 spans a second (two traces), the rest 4 (one trace).
        List<String> ids = List.of("01", "02", "03", "04", "05", "06");
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i).repeat(16);
            io.fluxtap.api.SpanRecord.StatusCode status = i < 3 ? io.fluxtap.api.SpanRecord.StatusCode.ERROR
                    : io.fluxtap.api.SpanRecord.StatusCode.OK;
            sampler.offer(List.of(TraceGenerator.span(id, "aa", Duration.ofMillis(1), status),
                    TraceGenerator.span(id, "aa", Duration.ofMillis(2), status),
                    TraceGenerator.span(id, "aa", Duration.ofMillis(3), status)));
        }
        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of("01", "02", "04"), sampler.decideDue().stream().map(s -> s.traceId().substring(0, 2))
                .distinct().toList());
    }

    @Test
    void theFileKeyResolvesAgainstTheHomeAndAMissingNamedFileIsRefused(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/sampling.yml"), "policies: [{name: all, type: always_sample}]\n");
        assertTrue(TailSamplingStage.load(Optional.empty(), home.toString()).enabled(), "conf/sampling.yml in home");
        assertFalse(TailSamplingStage.load(Optional.empty(), home.resolve("nowhere").toString()).enabled(),
                "no default file: sampling off");
        InvalidSamplingConfigException e = assertThrows(InvalidSamplingConfigException.class,
                () -> TailSamplingStage.load(Optional.of("conf/other.yml"), home.toString()));
        assertTrue(e.getMessage().startsWith("fluxtap.sampling.config-file: no such file"), e.getMessage());
        Files.writeString(home.resolve("conf/sampling.yml"), "policies: [{name: all, type: always}]\n");
        e = assertThrows(InvalidSamplingConfigException.class, () -> TailSamplingStage.load(Optional.empty(),
                home.toString()));
        assertTrue(e.getMessage().contains("sampling.yml: policies[0].type: unknown policy type \"always\""),
                e.getMessage());
    }

    private static void assertRefused(String yaml, String messageStart) {
        InvalidSamplingConfigException e = assertThrows(InvalidSamplingConfigException.class,
                () -> SamplingConfigReader.parse(yaml, "t"));
        assertTrue(e.getMessage().startsWith(messageStart), "expected \"" + messageStart + "\", got: " + e.getMessage());
    }
}
