package io.fluxtap.tools.loadgen;

import io.fluxtap.api.Level;
import io.fluxtap.tools.loadgen.source.Encoding;
import io.fluxtap.tools.loadgen.source.OtlpSignal;
import io.fluxtap.tools.loadgen.transport.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsSendSyntheticProtobufForTenSeconds() throws Exception {
        Options options = Options.parse(List.of());

        assertEquals(Mode.OTLP, options.mode());
        assertEquals(OtlpSignal.LOGS, options.signal());
        assertEquals(Protocol.HTTP, options.protocol());
        assertEquals(URI.create("http://127.0.0.1:4318/v1/logs"), options.exportUri());
        assertEquals(0, options.rate());
        assertEquals(100, options.batch());
        assertEquals(4, options.connections());
        assertEquals(Duration.ofSeconds(10), options.duration());
        assertEquals(0, options.records());
        assertEquals(Encoding.PROTOBUF, options.encoding());
        assertFalse(options.gzip());
        assertEquals("loadgen", options.service());
        assertEquals(Map.of(), options.attributes());
        assertEquals(Level.INFO, options.level());
        assertNull(options.dataset());
        assertNull(options.reportJson());
        assertEquals(Duration.ofSeconds(10), options.timeout());
    }

    @Test
    void readsEveryOptionInBothSpellings() throws Exception {
        Path report = dir.resolve("report.json");
        Options options = Options.parse(List.of("--endpoint", "https://collector.example:4318/", "--rate=5000",
                "--batch", "250", "--connections=8", "--duration", "2m", "--records", "1_000_000",
                "--encoding=json", "--gzip", "--service", "checkout", "--attr", "audit=true",
                "--attr=team=payments=eu", "--level", "WARN", "--timeout", "500ms", "--report-json",
                report.toString()));

        assertEquals(URI.create("https://collector.example:4318/v1/logs"), options.exportUri());
        assertEquals(5000, options.rate());
        assertEquals(250, options.batch());
        assertEquals(8, options.connections());
        assertEquals(Duration.ofMinutes(2), options.duration());
        assertEquals(1_000_000, options.records());
        assertEquals(Encoding.JSON, options.encoding());
        assertTrue(options.gzip());
        assertEquals("checkout", options.service());
        assertEquals(List.of("audit", "team"), List.copyOf(options.attributes().keySet()));
        assertEquals("payments=eu", options.attributes().get("team"));
        assertEquals(Level.WARN, options.level());
        assertEquals(Duration.ofMillis(500), options.timeout());
        assertEquals(report.toAbsolutePath(), options.reportJson());
    }

    @ParameterizedTest
    @CsvSource({
            "http://127.0.0.1:4318, http://127.0.0.1:4318/v1/logs",
            "http://host:9999/otel/, http://host:9999/otel/v1/logs",
            "http://host/v1/logs, http://host/v1/logs",
            "http://host/custom/v1/logs, http://host/custom/v1/logs"})
    void appendsTheLogsPathToABaseEndpointOnly(String endpoint, String expected) throws Exception {
        assertEquals(URI.create(expected), Options.parse(List.of("--endpoint", endpoint)).exportUri());
    }

    @ParameterizedTest
    @CsvSource({
            "traces, http://127.0.0.1:4318, http://127.0.0.1:4318/v1/traces",
            "metrics, http://host:9999/otel/, http://host:9999/otel/v1/metrics",
            "TRACES, http://host/v1/traces, http://host/v1/traces"})
    void eachSignalHasItsOwnPath(String signal, String endpoint, String expected) throws Exception {
        Options options = Options.parse(List.of("--signal", signal, "--endpoint", endpoint));
        assertEquals(OtlpSignal.valueOf(signal.toUpperCase(Locale.ROOT)), options.signal());
        assertEquals(URI.create(expected), options.exportUri());
    }

    @Test
    void grpcTakesHostAndPortOnly() throws Exception {
        Options defaults = Options.parse(List.of("--protocol", "grpc", "--signal", "traces"));
        assertEquals(Protocol.GRPC, defaults.protocol());
        assertEquals(URI.create("http://127.0.0.1:4317"), defaults.exportUri());
        assertEquals(URI.create("http://collector:5317"),
                Options.parse(List.of("--protocol=GRPC", "--endpoint", "http://collector:5317/")).exportUri());
    }

    @Test
    void remoteWriteTakesTheEndpointAsGiven() throws Exception {
        Options defaults = Options.parse(List.of("--mode", "remote-write"));
        assertEquals(Mode.REMOTE_WRITE, defaults.mode());
        assertEquals(URI.create("http://127.0.0.1:8080/api/v1/write"), defaults.exportUri());
        assertEquals(100, defaults.series());
        Options prometheus = Options.parse(List.of("--mode", "remote-write", "--endpoint",
                "http://prom:9090/api/v1/write", "--series", "5000"));
        assertEquals(URI.create("http://prom:9090/api/v1/write"), prometheus.exportUri());
        assertEquals(5000, prometheus.series());
    }

    @Test
    void aRecordLimitAloneRunsUntilTheRecordsAreSent() throws Exception {
        Options recordsOnly = Options.parse(List.of("--records", "5000"));
        assertNull(recordsOnly.duration());
        assertEquals(5000, recordsOnly.records());

        Options both = Options.parse(List.of("--records", "5000", "--duration", "3s"));
        assertEquals(Duration.ofSeconds(3), both.duration());
        assertEquals(5000, both.records());
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "30, PT30S", "2m, PT2M", "1h, PT1H", "15S, PT15S"})
    void readsDurations(String text, String expected) {
        assertEquals(Duration.parse(expected), Options.parseDuration(text));
    }

    @Test
    void aLowRateShrinksTheDefaultBatchButNotAnExplicitOne() throws Exception {
        assertEquals(20, Options.parse(List.of("--rate", "20")).batch());

        OptionsException e = assertThrows(OptionsException.class,
                () -> Options.parse(List.of("--rate", "20", "--batch", "100")));
        assertTrue(e.getMessage().contains("--rate 20 is below --batch 100"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--rate -5                   | --rate must be between 0 and",
            "--rate fast                 | --rate must be a whole number",
            "--batch 0                   | --batch must be between 1 and 100000",
            "--connections 0             | --connections must be between 1 and 1000",
            "--records 0                 | --records must be between 1 and",
            "--duration 0s               | --duration must be longer than zero",
            "--duration soon             | is not a duration",
            "--timeout 1d                | is not a duration",
            "--encoding xml              | --encoding must be protobuf or json",
            "--level loud                | --level must be one of",
            "--signal profiles           | --signal must be logs, traces or metrics",
            "--protocol udp              | --protocol must be http or grpc",
            "--mode carrier-pigeon       | --mode must be otlp or remote-write",
            "--mode remote-write --signal traces | --signal applies to --mode otlp only",
            "--mode remote-write --gzip  | --gzip applies to --mode otlp only",
            "--mode remote-write --series 2 --connections 4 | --series 2 is below --connections 4",
            "--series 10                 | --series applies to --mode remote-write only",
            "--protocol grpc --endpoint https://h:4317 | needs --endpoint http://host:port (plaintext)",
            "--protocol grpc --endpoint http://h       | needs --endpoint http://host:port (plaintext)",
            "--protocol grpc --endpoint http://h:1/v1  | takes no path",
            "--protocol grpc --encoding json | --protocol grpc sends protobuf only",
            "--signal traces --level warn | --level applies to --signal logs only",
            "--signal metrics --encoding json | --encoding applies to --signal logs only",
            "--attr novalue              | --attr must be key=value",
            "--attr =x                   | --attr must be key=value",
            "--endpoint ftp://host       | must be an http:// or https:// URL",
            "--endpoint http://h/?q=1    | must not carry a query",
            "--endpoint                  | Missing required parameter for option '--endpoint'",
            "--gzip=yes                  | option '--gzip' should be specified without 'yes' parameter",
            "--frobnicate 3              | Unknown options: '--frobnicate', '3'",
            "extra                       | Unmatched argument at index 0: 'extra'",
            "--rate 1 --rate 2           | option '--rate' (N) should be specified only once",
            "--service                   | Missing required parameter for option '--service'",
            "--dataset /no/such/loghub   | does not exist",
            "--report-json /no/such/dir/r.json | directory /no/such/dir does not exist"})
    void refusesBadOptionsWithAMessage(String line, String expected) {
        OptionsException e = assertThrows(OptionsException.class,
                () -> Options.parse(Arrays.asList(line.trim().split("\\s+"))));
        assertTrue(e.getMessage().contains(expected), () -> "message was: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), () -> "one line: " + e.getMessage());
    }

    @Test
    void datasetRecordsKeepTheirOwnServiceAndLevel() throws Exception {
        OptionsException e = assertThrows(OptionsException.class,
                () -> Options.parse(List.of("--dataset", dir.toString(), "--service", "x")));
        assertTrue(e.getMessage().contains("--service and --level apply to synthetic records"), e.getMessage());
        assertEquals(dir, Options.parse(List.of("--dataset", dir.toString())).dataset());
    }

    @Test
    void badOptionsExitWithStatusTwoAndSayWhy() {
        RunOutcome outcome = RunOutcome.of("--connections", "none");

        assertEquals(LoadGen.EXIT_BAD_OPTIONS, outcome.status());
        assertTrue(outcome.err().contains("loadgen: --connections must be a whole number, got 'none'"), outcome.err());
        assertEquals("", outcome.out());
    }

    @Test
    void aLineTheParserCannotReadExitsWithStatusTwoAndOneLineOfWhy() {
        RunOutcome outcome = RunOutcome.of("--frobnicate", "3");

        assertEquals(LoadGen.EXIT_BAD_OPTIONS, outcome.status());
        List<String> lines = outcome.err().lines().toList();
        assertEquals(2, lines.size(), outcome.err());
        assertTrue(lines.get(0).startsWith("loadgen: ") && lines.get(0).contains("--frobnicate"), outcome.err());
        assertEquals("usage: fluxtap loadgen [options]   (fluxtap loadgen --help lists them)", lines.get(1));
        assertEquals("", outcome.out());
    }

    @Test
    void aDatasetDirectoryWithoutLoghubFilesIsABadOption() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "not a dataset");

        RunOutcome outcome = RunOutcome.of("--dataset", dir.toString());

        assertEquals(LoadGen.EXIT_BAD_OPTIONS, outcome.status());
        assertTrue(outcome.err().contains("holds no loghub *.log_structured.csv file"), outcome.err());
    }

    @Test
    void helpPrintsTheUsageAndSendsNothing() {
        RunOutcome outcome = RunOutcome.of("--rate", "100", "--help");

        assertEquals(LoadGen.EXIT_RAN, outcome.status());
        assertTrue(outcome.out().startsWith("usage: fluxtap loadgen [options]"), outcome.out());
        assertTrue(outcome.out().contains("Exit status: 0 when it ran, 1 when no request succeeded, 2 for bad options."),
                outcome.out());
        for (String option : List.of("--mode", "--series", "--signal", "--protocol", "--endpoint", "--rate", "--batch", "--connections", "--duration", "--records",
                "--encoding", "--gzip", "--service", "--attr", "--level", "--dataset", "--report-json")) {
            assertTrue(outcome.out().contains(option), option);
        }
    }
}
