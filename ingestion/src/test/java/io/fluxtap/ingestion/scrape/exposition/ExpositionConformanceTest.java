package io.fluxtap.ingestion.scrape.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of {@code ../shared/conformance/exposition/}: the OpenMetrics parser suite (accept or refuse), the
 * 48 invalid text 0.0.4 inputs of expfmt's tests, and the real pages in {@code prometheus-text/}, read in place.
 */
class ExpositionConformanceTest {

    static final Path ROOT = locate();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path locate() {
        for (String candidate : List.of("../shared/conformance/exposition", "../../shared/conformance/exposition")) {
            Path path = Path.of(candidate);
            if (Files.isDirectory(path)) {
                return path;
            }
        }
        throw new IllegalStateException("../shared/conformance/exposition not found from " + Path.of("").toAbsolutePath());
    }

    @TestFactory
    Stream<DynamicTest> openMetricsParserSuite() throws IOException {
        List<Path> cases;
        try (Stream<Path> dirs = Files.list(ROOT.resolve("openmetrics-parsers"))) {
            cases = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertEquals(211, cases.size(), "the suite's README counts 211 cases");
        OpenMetricsParser parser = new OpenMetricsParser();
        return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            JsonNode test = JSON.readTree(dir.resolve("test.json").toFile());
            byte[] body = Files.readAllBytes(dir.resolve(test.get("file").asText()));
            if (test.get("shouldParse").asBoolean()) {
                parser.parse(body);
            } else {
                ExpositionParseException e = assertThrows(ExpositionParseException.class, () -> parser.parse(body),
                        "must be refused: " + test.path("comment").asText(""));
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> textFormatErrorCases() throws IOException {
        JsonNode cases = JSON.readTree(ROOT.resolve("prometheus-text/text-parse-error-cases.json").toFile()).get("cases");
        assertEquals(48, cases.size());
        PrometheusTextParser parser = new PrometheusTextParser();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            byte[] body = c.has("input_base64") ? Base64.getDecoder().decode(c.get("input_base64").asText())
                    : c.get("input").asText().getBytes(StandardCharsets.UTF_8);
            // Prometheus 2.42 validates names the legacy way, so error_legacy is the expectation.
            String expected = c.get("error_legacy").asText();
            tests.add(DynamicTest.dynamicTest(c.get("id") + ": " + c.path("comment").asText(expected), () -> {
                ExpositionParseException e = assertThrows(ExpositionParseException.class, () -> parser.parse(body));
                assertEquals(lineOf(expected), e.line(), "line of " + e.getMessage() + " (expected " + expected + ")");
            }));
        }
        return tests.stream();
    }

    private static int lineOf(String goError) {
        // "text format parsing error in line 3: ..."
        int at = goError.indexOf("in line ");
        return Integer.parseInt(goError.substring(at + 8, goError.indexOf(':', at)));
    }

    @Test
    void realTextPageHasItsFamiliesAndOneSamplePerLine() throws Exception {
        byte[] body = Files.readAllBytes(ROOT.resolve("prometheus-text/alltypes.237mfs.prom.txt"));
        ParsedPage page = new PrometheusTextParser().parse(body);
        assertEquals(237, page.families().size());
        Map<String, Long> types = page.families().stream()
                .collect(Collectors.groupingBy(MetricFamilyInfo::type, Collectors.counting()));
        assertEquals(Map.of("counter", 112L, "gauge", 97L, "histogram", 15L, "summary", 13L), types);
        assertEquals(sampleLines(body), page.samples().size());

        ParsedPage bare = new PrometheusTextParser()
                .parse(Files.readAllBytes(ROOT.resolve("prometheus-text/alltypes.237mfs.nometa.prom.txt")));
        assertEquals(List.of(), bare.families());
        assertEquals(page.samples(), bare.samples(), "the same samples without the metadata lines");
    }

    @Test
    void promtoolSampleAndOpenMetricsPagesParse() throws Exception {
        byte[] text = Files.readAllBytes(ROOT.resolve("prometheus-text/metrics-test.prom"));
        assertEquals(sampleLines(text), new PrometheusTextParser().parse(text).samples().size());
        byte[] om = Files.readAllBytes(ROOT.resolve("prometheus-text/1histogram.om.txt"));
        assertEquals(sampleLines(om), new OpenMetricsParser().parse(om).samples().size());
        // Known conflict (CONFORMANCE.md): this page has a histogram with negative buckets and a _sum, which the
        // OpenMetrics suite refuses (bad_histograms_3) and Prometheus 2.42 accepts; the suite wins for now.
        byte[] mixed = Files.readAllBytes(ROOT.resolve("prometheus-text/alltypes.5mfs.om.txt"));
        assertThrows(ExpositionParseException.class, () -> new OpenMetricsParser().parse(mixed));
    }

    /** Lines that are neither blank nor comments: each is one sample. */
    static long sampleLines(byte[] body) {
        return new String(body, StandardCharsets.UTF_8).lines()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
    }

    @Test
    void everyValidOpenMetricsCaseIsAlsoCountedLineForLine() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT.resolve("openmetrics-parsers"))) {
            for (Path dir : dirs.sorted().toList()) {
                JsonNode test = JSON.readTree(dir.resolve("test.json").toFile());
                if (!test.get("shouldParse").asBoolean()) {
                    continue;
                }
                byte[] body = Files.readAllBytes(dir.resolve("metrics"));
                try {
                    assertEquals(sampleLines(body), new OpenMetricsParser().parse(body).samples().size(),
                            dir.getFileName().toString());
                } catch (ExpositionParseException e) {
                    fail(dir.getFileName() + ": " + e.getMessage());
                }
            }
        }
    }
}
