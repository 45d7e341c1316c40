package io.fluxtap.alerting.rules;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code promtool check rules} over the conformance fixtures: output and exit code. */
class RuleFileCheckerTest {

    private static final Path RULES = RuleFileParserTest.RULES;
    private final RuleFileChecker checker = new RuleFileChecker(
            new RuleFileParser(new FakePromql(), new FakeTemplates(), NameValidation.UTF8, false));

    private static String[] print(RuleFileChecker.Report report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        report.print(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[]{out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void aValidFileCountsItsRules() {
        Path file = RULES.resolve("promtool/rules.yml");
        RuleFileChecker.Report report = checker.check(List.of(file));
        assertEquals(0, report.exitCode());
        String[] printed = print(report);
        assertEquals("Checking " + file + "\n  SUCCESS: 5 rules found\n\n", printed[0]);
        assertEquals("", printed[1]);
    }

    @Test
    void aBadFileFailsWithItsErrors() {
        Path bad = RULES.resolve("promtool/rules-bad.yml");
        Path good = RULES.resolve("rulefmt/legacy_validation_annotation.good.yaml");
        RuleFileChecker.Report report = checker.check(List.of(bad, good));
        assertEquals(1, report.exitCode());
        String[] printed = print(report);
        assertEquals("Checking " + bad + "\n\nChecking " + good + "\n  SUCCESS: 1 rules found\n\n", printed[0]);
        assertEquals("  FAILED:\n" + bad + ": group \"alerts\", rule 1, \"InstanceDown\": annotation \"summary\": "
                + "template: __alert_InstanceDown:1: undefined variable \"$label\"\n", printed[1]);
    }

    @Test
    void duplicateRulesAreALintErrorThatDoesNotFail() {
        RuleFileChecker.FileResult dup = checker.check(RULES.resolve("promtool/rules_duplicates.yml"));
        assertEquals("lint error 1 duplicate rule(s) found.\nMetric: job:test:count_over_time1m\nLabel(s):\n"
                + "Might cause inconsistency while recording expressions", dup.lint());
        RuleFileChecker.FileResult test = checker.check(RULES.resolve("rulefmt/test.yaml"));
        assertEquals("lint error 1 duplicate rule(s) found.\nMetric: HighErrors\nLabel(s):\n\tseverity: critical\n"
                + "Might cause inconsistency while recording expressions", test.lint());
        RuleFileChecker.FileResult aliases = checker.check(RULES.resolve("rulefmt/test_aliases.yaml"));
        assertEquals("lint error 2 duplicate rule(s) found.\nMetric: HighAlert\nLabel(s):\n\tseverity: critical\n"
                + "Metric: HighAlert2\nLabel(s):\n\tseverity: critical\n"
                + "Might cause inconsistency while recording expressions", aliases.lint(),
                "aliases resolve to their values (promtool 2.42 printed the anchor name, 'alertname')");
        assertEquals(0, checker.check(List.of(RULES.resolve("promtool/rules_duplicates.yml"))).exitCode());
        assertNull(checker.check(RULES.resolve("promtool/rules.yml")).lint());
    }
}
