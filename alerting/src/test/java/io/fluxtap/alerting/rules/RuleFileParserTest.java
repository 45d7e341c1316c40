package io.fluxtap.alerting.rules;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every fixture of ../shared/conformance/rules/rulefmt and manager-fixtures, with the error Prometheus'
 * rulefmt.ParseFile gives (the wording of the conformance snapshot, which `promtool check rules` prints).
 */
class RuleFileParserTest {

    static final Path RULES = Path.of("../../shared/conformance/rules");

    private final RuleFileParser parser = new RuleFileParser(new FakePromql(), new FakeTemplates(),
            NameValidation.UTF8, false);

    private List<String> errors(String fixture) {
        Path file = RULES.resolve(fixture);
        RuleFileParser.Result result = parser.parseFile(file);
        return result.errors().stream().map(e -> e.substring(file.toString().length() + 2)).toList();
    }

    @Test
    void badFixturesGiveRulefmtErrors() {
        assertEquals(List.of("3:5: groupname: \"yolo\" is repeated in the same file"),
                errors("rulefmt/duplicate_grp.bad.yaml"));
        assertEquals(List.of("5:15: group \"yolo\", rule 1, \"yolo\": could not parse expression: 1:6: parse error: "
                + "expected type range vector in call to function \"rate\", got instant vector"),
                errors("rulefmt/bad_expr.bad.yaml"));
        assertEquals(List.of("4:17: 5:16: group \"yolo\", rule 1, \"Hello\": only one of 'record' and 'alert' must be set"),
                errors("rulefmt/record_and_alert.bad.yaml"));
        assertEquals(List.of("0:0: 0:0: group \"yolo\", rule 1, \"\": one of 'record' or 'alert' must be set"),
                errors("rulefmt/no_rec_alert.bad.yaml"));
        assertEquals(List.of("0:0: group \"yolo\", rule 1, \"ylo\": field 'expr' must be set in rule"),
                errors("rulefmt/noexpr.bad.yaml"));
        assertEquals(List.of("4:17: group \"yolo\", rule 1, \"strawberry{flavor=\\\"sweet\\\"}\": braces present in the "
                + "recording rule name; should it be in expr?: strawberry{flavor=\"sweet\"}"),
                errors("rulefmt/invalid_record_name.bad.yaml"));
        assertEquals(List.of("yaml: unmarshal errors:\n  line 8: field annotation not found in type rulefmt.Rule"),
                errors("rulefmt/bad_field.bad.yaml"));
        assertEquals(List.of("group \"yolo\", rule 1, \"hola\": invalid label name: __name__"),
                errors("rulefmt/invalid_label_name.bad.yaml"));
        assertEquals(List.of("4:17: group \"yolo\", rule 1, \"Hello\": invalid field 'for' in recording rule"),
                errors("rulefmt/record_and_for.bad.yaml"));
        assertEquals(List.of("4:17: group \"yolo\", rule 1, \"Hello\": invalid field 'keep_firing_for' in recording rule"),
                errors("rulefmt/record_and_keep_firing_for.bad.yaml"));
        assertEquals(List.of("yaml: unmarshal errors:\n  line 6: field unexpected_field not found in type rulefmt.Rule"),
                errors("manager-fixtures/invalid_rules.yaml"));
    }

    @Test
    void legacyNameValidationRefusesUtf8NamesAsPromtoolDoes() {
        RuleFileParser legacy = new RuleFileParser(new FakePromql(), new FakeTemplates(), NameValidation.LEGACY, false);
        Path bad = RULES.resolve("rulefmt/legacy_validation_annotation.bad.yaml");
        assertEquals(List.of(bad + ": group \"yolo\", rule 1, \"hola\": invalid annotation name: ins-tance"),
                legacy.parseFile(bad).errors());
        Path lname = RULES.resolve("rulefmt/utf-8_lname.good.yaml");
        assertEquals(List.of(lname + ": group \"yolo\", rule 1, \"hola\": invalid label name: ins-tance"),
                legacy.parseFile(lname).errors(), "what promtool 2.42 (legacy names only) prints");
        assertTrue(legacy.parseFile(RULES.resolve("rulefmt/legacy_validation_annotation.good.yaml")).ok());
    }

    @Test
    void goodFixturesLoad() {
        for (String good : List.of("rulefmt/test.yaml", "rulefmt/test_aliases.yaml", "rulefmt/utf-8_lname.good.yaml",
                "rulefmt/utf-8_annotation.good.yaml", "rulefmt/legacy_validation_annotation.good.yaml",
                "rulefmt/legacy_validation_annotation.bad.yaml")) {
            assertEquals(List.of(), errors(good), good + " is valid under UTF-8 names");
        }
        for (String fixture : List.of("alert_rule.yaml", "alert_rule1.yaml", "rules.yaml", "rules1.yaml", "rules2.yaml",
                "rules2_copy.yaml", "rules_chain.yaml", "rules_dependencies.yaml", "rules_indeterminates.yaml",
                "rules_multiple.yaml", "rules_multiple_dependents_on_base.yaml", "rules_multiple_groups.yaml",
                "rules_multiple_independent.yaml")) {
            assertEquals(List.of(), errors("manager-fixtures/" + fixture), fixture);
        }
        RuleFile lname = parser.parseFile(RULES.resolve("rulefmt/utf-8_lname.good.yaml")).ruleFile();
        assertEquals(Map.of("ins-tance", "localhost"), lname.groups().get(0).rules().get(0).labels());
    }

    @Test
    void aliasesAndMergeKeysResolveAsYamlV3() {
        RuleFile file = parser.parseFile(RULES.resolve("rulefmt/test_aliases.yaml")).ruleFile();
        assertNotNull(file);
        RuleGroupSpec group = file.groups().get(0);
        assertEquals(Duration.ofSeconds(30), group.interval());
        assertEquals(4, group.rules().size());
        RuleSpec merged = group.rules().get(3);
        assertEquals("HighAlert2", merged.alert(), "the explicit key wins over the merged one");
        assertEquals(Duration.ofMinutes(5), merged.forDuration(), "merged from &highalert");
        assertEquals(Map.of("severity", "critical"), merged.labels());
        assertTrue(merged.expr().contains("rate(errors_total[5m])"));
        assertEquals("new_metric", group.rules().get(1).record());
    }

    @Test
    void onlyTheFirstDocumentCountsWithAWarning() {
        Path file = RULES.resolve("manager-fixtures/rules_multi_doc.yaml");
        RuleFileParser.Result result = parser.parseFile(file);
        assertTrue(result.ok(), result.errors().toString());
        assertEquals(1, result.ruleFile().groups().size());
        assertEquals("multi_doc", result.ruleFile().groups().get(0).name());
        assertEquals(1, result.warnings().size(), result.warnings().toString());
    }

    @Test
    void promtoolFixturesCheckAsPromtool() {
        assertEquals(List.of("group \"alerts\", rule 1, \"InstanceDown\": annotation \"summary\": template: "
                + "__alert_InstanceDown:1: undefined variable \"$label\""), errors("../rules/promtool/rules-bad.yml"));
        assertEquals(List.of("7:15: group \"bad-syntax\", rule 1, \"x\": could not parse expression: 1:7: parse error: "
                + "unexpected end of input"), errors("promtool/bad-rules-syntax.yml"));
        assertEquals(List.of("yaml: unmarshal errors:\n  line 7: field namespace not found in type rulefmt.RuleGroup\n"
                + "  line 21: field ownership not found in type rulefmt.RuleGroup"), errors("promtool/rules_extrafields.yml"));
        RuleFileParser lenient = new RuleFileParser(new FakePromql(), new FakeTemplates(), NameValidation.UTF8, true);
        assertTrue(lenient.parseFile(RULES.resolve("promtool/rules_extrafields.yml")).ok(), "--ignore-unknown-fields");
        assertEquals(List.of(), errors("promtool/rules.yml"));
    }

    @Test
    void fieldsOfAGroupAndRuleAreRead() {
        RuleFileParser.Result result = parser.parse("f.yml", """
                groups:
                  - name: g
                    interval: 1h30m
                    query_offset: 15s
                    limit: 3
                    labels:
                      team: db
                    rules:
                      - alert: Errors
                        sql: SELECT service, count(*) AS value FROM logs GROUP BY 1
                        for: 2m
                        keep_firing_for: 1m
                        annotations:
                          summary: "{{ $labels.service }}"
                """);
        assertTrue(result.ok(), result.errors().toString());
        RuleGroupSpec g = result.ruleFile().groups().get(0);
        assertEquals(new RuleGroupSpec("g", Duration.ofMinutes(90), Duration.ofSeconds(15), 3, Map.of("team", "db"),
                List.of(new RuleSpec("", "Errors", "", "SELECT service, count(*) AS value FROM logs GROUP BY 1",
                        Duration.ofMinutes(2), Duration.ofMinutes(1), Map.of(),
                        Map.of("summary", "{{ $labels.service }}")))), g);
    }

    @Test
    void badValuesAreRefusedAsYamlV3RefusesThem() {
        assertEquals(List.of("f.yml: not a valid duration string: \"5\""), parser.parse("f.yml", """
                groups:
                  - name: g
                    rules:
                      - alert: A
                        expr: up
                        for: 5
                """).errors());
        assertEquals(List.of("f.yml: yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `many` into int\n"
                + "  line 7: mapping key \"expr\" already defined at line 6"), parser.parse("f.yml", """
                groups:
                  - name: g
                    limit: many
                    rules:
                      - alert: A
                        expr: up
                        expr: down
                """).errors());
        assertEquals(List.of("f.yml: 6:15: 7:14: group \"g\", rule 1, \"A\": only one of 'expr' and 'sql' must be set"),
                parser.parse("f.yml", """
                groups:
                  - name: g
                    rules:
                      - alert: A
                        for: 1m
                        expr: up
                        sql: SELECT 1 AS value
                """).errors());
        assertTrue(parser.parse("empty.yml", "").ok(), "an empty file has no groups");
        assertEquals(List.of("f.yml: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `nonsense` into "
                + "rulefmt.RuleGroups"), parser.parse("f.yml", "nonsense").errors());
    }

    /** Checked against promtool 2.42 (Debian), which prints exactly these lines for this file. */
    @Test
    void emptyAndRepeatedGroupNamesAndAnnotationsOfARecordingRule() {
        assertEquals(List.of("f.yml: 2:5: Groupname must not be empty",
                "f.yml: 4:17: group \"\", rule 1, \"r\": invalid field 'annotations' in recording rule",
                "f.yml: 8:5: Groupname must not be empty",
                "f.yml: 8:5: groupname: \"\" is repeated in the same file"), parser.parse("f.yml", """
                groups:
                  - name: ""
                    rules:
                      - record: r
                        expr: up
                        annotations:
                          a: b
                  - interval: 1m
                """).errors());
    }

    @Test
    void anUnreadableFileIsOneError() {
        Path missing = RULES.resolve("no-such.yml");
        assertEquals(List.of(missing + ": open " + missing + ": no such file or directory"),
                parser.parseFile(missing).errors());
    }
}
