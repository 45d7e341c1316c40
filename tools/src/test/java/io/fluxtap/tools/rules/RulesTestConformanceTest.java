package io.fluxtap.tools.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fluxtap rules test} over every unit-test file of ../shared/conformance/rules (promtool/ and docs-example/):
 * the exit status the conformance README gives (promtool's command line: {@code @} and negative offsets on) and
 * promtool's messages.
 */
class RulesTestConformanceTest {

    private static final Path RULES = Path.of("../../shared/conformance/rules");

    record Outcome(int status, String out, String err) {
    }

    static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RulesMain.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String f(String fixture) {
        return RULES.resolve(fixture).toString();
    }

    /** Every unit-test file (a file with a top-level {@code tests:}) and the exit status promtool documents. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "promtool/unittest.yml, 0",
            "promtool/long-period.yml, 0",
            "promtool/no-test-group-interval.yml, 0",
            "promtool/start-time-test.yml, 0",
            "promtool/at-modifier-test.yml, 0",
            "promtool/negative-offset-test.yml, 0",
            "docs-example/test.yml, 0",
            "promtool/failing.yml, 1",
            "promtool/bad-input-series.yml, 1",
            "promtool/bad-promql.yml, 1",
            "promtool/bad-rules-syntax-test.yml, 1",
            "promtool/bad-rules-error-test.yml, 1",
            "promtool/rules_run.yml, 1",
            "promtool/rules_run_fuzzy.yml, 1",
            "promtool/rules_run_no_fuzzy.yml, 1",
            "promtool/rules_run_extrafields.yml, 1"})
    void eachFileGivesPromtoolsExitStatus(String fixture, int expected) {
        Outcome o = run("test", f(fixture));
        assertEquals(expected, o.status(), o.out() + o.err());
        assertTrue(o.out().startsWith("Unit Testing:  " + f(fixture) + "\n"), o.out());
        if (expected == 0) {
            assertEquals("Unit Testing:  " + f(fixture) + "\n  SUCCESS\n\n", o.out());
            assertEquals("", o.err());
        } else {
            assertTrue(o.err().startsWith("  FAILED:\n"), o.err());
        }
    }

    @Test
    void everyUnitTestFileOfTheFixturesIsCovered() throws IOException {
        Set<String> unitTestFiles = new TreeSet<>();
        for (String dir : List.of("promtool", "docs-example")) {
            try (Stream<Path> files = Files.list(RULES.resolve(dir))) {
                for (Path p : files.toList()) {
                    if (Files.readAllLines(p).stream().anyMatch(l -> l.startsWith("tests:"))) {
                        unitTestFiles.add(dir + "/" + p.getFileName());
                    }
                }
            }
        }
        Set<String> covered = new TreeSet<>();
        CsvSource table = listedFiles();
        for (String row : table.value()) {
            covered.add(row.split(",")[0].strip());
        }
        assertEquals(unitTestFiles, covered);
    }

    private static CsvSource listedFiles() {
        try {
            return RulesTestConformanceTest.class.getDeclaredMethod("eachFileGivesPromtoolsExitStatus", String.class,
                    int.class).getAnnotation(CsvSource.class);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void failingPrintsPromtoolsMessagesWordForWord() {
        Outcome o = run("test", f("promtool/failing.yml"));
        assertEquals(1, o.status());
        // What the Debian promtool 2.42 prints for this file, byte for byte.
        assertEquals("""
                  FAILED:
                    name: Failing test,
                    alertname: Test, time: 0s,\s
                        exp:[
                            0:
                              Labels:{alertname="Test"}
                              Annotations:{}
                            ],\s
                        got:[]
                    expr: "test", time: 0s,
                        exp: {__name__="test"} 1E+00
                        got: {__name__="test"} 0E+00
                    name: Failing alert test,
                    alertname: InstanceDown, time: 5m,\s
                        exp:[],\s
                        got:[
                            0:
                              Labels:{alertname="InstanceDown", job="test", severity="page"}
                              Annotations:{description=" of job test has been down for more than 5 minutes.", \
                summary="Instance  down"}
                            ]
                    name: Failing alert test,
                    alertname: AlwaysFiring, time: 5m,\s
                        exp:[],\s
                        got:[
                            0:
                              Labels:{alertname="AlwaysFiring"}
                              Annotations:{}
                            ]
                """, o.err());
        // One empty line on stdout per error, then one after the file.
        assertEquals("Unit Testing:  " + f("promtool/failing.yml") + "\n" + "\n".repeat(4) + "\n", o.out());
    }

    @Test
    void ruleFileAndEvaluationErrorsAreReportedAsPromtool() {
        assertEquals("  FAILED:\n" + f("promtool/bad-rules-syntax.yml") + ": 7:15: group \"bad-syntax\", rule 1, \"x\": "
                + "could not parse expression: 1:7: parse error: unexpected end of input\n",
                run("test", f("promtool/bad-rules-syntax-test.yml")).err());
        String manyToMany = "found duplicate series for the match group {a=\"1\"} on the right hand-side of the "
                + "operation: [{__name__=\"join_2\", a=\"1\", b=\"3\"}, {__name__=\"join_2\", a=\"1\", b=\"4\"}];"
                + "many-to-many matching not allowed: matching labels must be unique on one side\n";
        assertEquals("  FAILED:\n    rule: joined, time: 0s, err: " + manyToMany,
                run("test", f("promtool/bad-rules-error-test.yml")).err());
        assertEquals("  FAILED:\n    expr: \"join_1 + on(a) join_2\", time: 0s, err: " + manyToMany,
                run("test", f("promtool/bad-promql.yml")).err());
        // The engine's parser words this error its own way (promtool: "unexpected character inside braces: '0'").
        assertTrue(run("test", f("promtool/bad-input-series.yml")).err().startsWith("  FAILED:\n1:48: parse error: "));
    }

    @Test
    void runSelectsTestGroupsByName() {
        assertEquals(0, run("test", "--run", "correct", f("promtool/rules_run.yml")).status());
        assertEquals(1, run("test", "--run", "wrong", f("promtool/rules_run.yml")).status());
        assertEquals(1, run("test", "--run", "correct", "--run", "wrong", f("promtool/rules_run.yml")).status());
        assertEquals(0, run("test", "--run", "correct fuzzy match", f("promtool/rules_run_fuzzy.yml")).status());
        Outcome wrong = run("test", "--run", "wrong fuzzy match", f("promtool/rules_run_fuzzy.yml"));
        assertEquals(1, wrong.status());
        assertTrue(wrong.err().contains("got: {__name__=\"test_low\"} 2.9999999999999987E+00"), wrong.err());
        Outcome noFuzzy = run("test", f("promtool/rules_run_no_fuzzy.yml"));
        assertTrue(noFuzzy.err().contains("got: {__name__=\"test_low\"} 2.9999999999999996E+00"), noFuzzy.err());
    }

    @Test
    void unknownRuleFileFieldsFailUnlessIgnored() {
        Outcome strict = run("test", f("promtool/rules_run_extrafields.yml"));
        assertEquals(1, strict.status());
        assertEquals("  FAILED:\n" + f("promtool/rules_extrafields.yml") + ": yaml: unmarshal errors:\n"
                + "  line 7: field namespace not found in type rulefmt.RuleGroup\n"
                + "  line 21: field ownership not found in type rulefmt.RuleGroup\n", strict.err());
        Outcome ignored = run("test", "--ignore-unknown-fields", f("promtool/rules_run_extrafields.yml"));
        assertEquals(0, ignored.status(), ignored.err());
    }

    @Test
    void severalFilesAreRunInOrderAndOneFailureFailsTheRun() {
        Outcome o = run("test", f("docs-example/test.yml"), f("promtool/rules_run_no_fuzzy.yml"),
                f("promtool/long-period.yml"));
        assertEquals(1, o.status());
        List<String> headers = new ArrayList<>();
        o.out().lines().filter(l -> l.startsWith("Unit Testing:")).forEach(headers::add);
        assertEquals(List.of("Unit Testing:  " + f("docs-example/test.yml"),
                "Unit Testing:  " + f("promtool/rules_run_no_fuzzy.yml"),
                "Unit Testing:  " + f("promtool/long-period.yml")), headers);
        assertEquals(2, o.out().split("  SUCCESS\n", -1).length - 1, o.out());
    }

    /** The README's example, run as pasted from the repository's root (the module's parent). */
    @Test
    void theReadmeExamplePasses() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        java.util.regex.Matcher block = java.util.regex.Pattern.compile(
                "<!-- example: rules-test -->\\s*```bash\\n(.*?)\\n```", java.util.regex.Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "README has the rules-test example");
        String[] words = block.group(1).strip().split("\\s+");
        assertTrue(words[0].endsWith("bin/fluxtap") && words[1].equals("rules"), block.group(1));
        List<String> args = new ArrayList<>();
        for (int i = 2; i < words.length; i++) {
            args.add(words[i].startsWith("-") || i == 2 ? words[i] : Path.of("..").resolve(words[i]).toString());
        }
        Outcome o = run(args.toArray(String[]::new));
        assertEquals(0, o.status(), o.out() + o.err());
        assertTrue(o.out().contains("  SUCCESS\n"), o.out());
    }

    @Test
    void aWrongCommandLineIsTwo() {
        assertEquals(2, run("test").status());
        assertEquals(2, run("test", "--run", "(", f("docs-example/test.yml")).status());
        assertEquals(2, run("test", "--diff", f("docs-example/test.yml")).status());
        Outcome missing = run("test", f("no-such.yml"));
        assertEquals(1, missing.status());
        assertEquals("  FAILED:\nopen " + f("no-such.yml") + ": no such file or directory\n", missing.err());
    }
}
