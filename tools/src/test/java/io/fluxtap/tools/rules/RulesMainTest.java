package io.fluxtap.tools.rules;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fluxtap rules check} over ../shared/conformance/rules with the real PromQL parser: the output and exit
 * status promtool check rules gives (the wording of the fixtures' Prometheus version).
 */
class RulesMainTest {

    private static final Path RULES = Path.of("../../shared/conformance/rules");

    private record Outcome(int status, String out, String err) {}

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RulesMain.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String f(String fixture) {
        return RULES.resolve(fixture).toString();
    }

    @Test
    void validFilesSucceed() {
        Outcome o = run("check", f("promtool/rules.yml"), f("manager-fixtures/rules_multi_doc.yaml"));
        assertEquals(0, o.status(), o.err());
        assertEquals("Checking " + f("promtool/rules.yml") + "\n  SUCCESS: 5 rules found\n\nChecking "
                + f("manager-fixtures/rules_multi_doc.yaml") + "\n  SUCCESS: 1 rules found\n\n", o.out());
    }

    @Test
    void parseErrorsCarryTheEnginesPrometheusWording() {
        Outcome o = run("check", f("rulefmt/bad_expr.bad.yaml"), f("promtool/bad-rules-syntax.yml"));
        assertEquals(1, o.status());
        assertEquals("  FAILED:\n" + f("rulefmt/bad_expr.bad.yaml") + ": 5:15: group \"yolo\", rule 1, \"yolo\": "
                + "could not parse expression: 1:6: parse error: expected type range vector in call to function "
                + "\"rate\", got instant vector\n  FAILED:\n" + f("promtool/bad-rules-syntax.yml")
                + ": 7:15: group \"bad-syntax\", rule 1, \"x\": could not parse expression: 1:7: parse error: "
                + "unexpected end of input\n", o.err());
    }

    @Test
    void badTemplatesFail() {
        Outcome o = run("check", f("promtool/rules-bad.yml"));
        assertEquals(1, o.status());
        assertTrue(o.err().contains(": group \"alerts\", rule 1, \"InstanceDown\": annotation \"summary\": template: "
                + "__alert_InstanceDown:1: undefined variable \"$label\""), o.err());
    }

    @Test
    void unknownFieldsFailUnlessIgnored() {
        assertEquals(1, run("check", f("promtool/rules_extrafields.yml")).status());
        Outcome ignored = run("check", "--ignore-unknown-fields", f("promtool/rules_extrafields.yml"));
        assertEquals(0, ignored.status(), ignored.err());
        assertTrue(ignored.out().contains("SUCCESS: 5 rules found"), ignored.out());
    }

    @Test
    void duplicatesAreReportedWithoutFailing() {
        Outcome o = run("check", f("promtool/rules_duplicates.yml"));
        assertEquals(0, o.status());
        assertEquals("  FAILED:\nlint error 1 duplicate rule(s) found.\nMetric: job:test:count_over_time1m\n"
                + "Label(s):\nMight cause inconsistency while recording expressions\n", o.err());
    }

    @Test
    void aWrongCommandLineIsTwo() {
        assertEquals(2, run("check").status());
        assertEquals(2, run("lint", "x.yml").status());
        assertEquals(2, run().status());
        Outcome missing = run("check", f("no-such.yml"));
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("no such file or directory"), missing.err());
    }
}
