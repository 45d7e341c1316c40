package io.fluxtap.ingestion.scrape.relabel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fluxtap.ingestion.scrape.config.ScrapeConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Prometheus' defaults, decoding and {@code Config.Validate} messages (legacy names). */
class RelabelConfigsTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    @SuppressWarnings("unchecked")
    private static RelabelConfig parse(String yaml) throws Exception {
        return RelabelConfigs.parse(YAML.readValue(yaml, Map.class));
    }

    @Test
    void fillsPrometheusDefaults() throws Exception {
        RelabelConfig config = parse("{target_label: x}");
        assertEquals(List.of(), config.sourceLabels());
        assertEquals(";", config.separator());
        assertEquals("(.*)", config.regex().expression());
        assertEquals("$1", config.replacement());
        assertEquals(RelabelAction.REPLACE, config.action());
        assertEquals(0, config.modulus());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
            {target_label: x, bogus: 1}                             | yaml: unmarshal errors: field bogus not found in type relabel.plain
            {target_label: x, action: shuffle}                      | unknown relabel action "shuffle"
            {target_label: x, action: null}                         | relabel action cannot be empty
            {target_label: x, regex: 'a(b'}                         | error parsing regexp: missing closing ): `^(?s:a(b)$`
            {target_label: x, regex: 'a)b'}                         | error parsing regexp: unexpected ): `^(?s:a)b)$`
            {target_label: x, regex: '[a'}                          | error parsing regexp: missing closing ]: `[a)$`
            {target_label: x, regex: 'a**'}                         | error parsing regexp: invalid nested repetition operator: `**`
            {target_label: x, regex: 'a*+'}                         | error parsing regexp: invalid nested repetition operator: `*+`
            {target_label: x, regex: '*a'}                          | error parsing regexp: missing argument to repetition operator: `*`
            {target_label: x, regex: 'a{1001}'}                     | error parsing regexp: invalid repeat count: `{1001}`
            {target_label: x, regex: '(a)\\1'}                      | error parsing regexp: invalid escape sequence: `\\1`
            {target_label: x, regex: 'a\\Z'}                        | error parsing regexp: invalid escape sequence: `\\Z`
            {target_label: x, regex: '(?=a)'}                       | error parsing regexp: invalid or unsupported Perl syntax: `(?=`
            {target_label: x, regex: '(?>a)'}                       | error parsing regexp: invalid or unsupported Perl syntax: `(?>`
            {target_label: x, regex: '(?P<a>x)(?P<a>y)'}            | error parsing regexp: duplicate capture group name: `(?P<a>`
            {target_label: x, regex: '(?P<a-b>x)'}                  | error parsing regexp: invalid named capture: `(?P<a-b>`
            {target_label: x, regex: '(?U)a*'}                      | the regexp flag U (ungreedy) in `(?U` has no equivalent here: write lazy repetitions (*?) instead
            {action: hashmod, target_label: x}                      | relabel configuration for hashmod requires non-zero modulus
            {action: hashmod, modulus: 10}                          | relabel configuration for hashmod action requires 'target_label' value
            {action: replace}                                       | relabel configuration for replace action requires 'target_label' value
            {action: lowercase}                                     | relabel configuration for lowercase action requires 'target_label' value
            {action: uppercase}                                     | relabel configuration for uppercase action requires 'target_label' value
            {action: keepequal, source_labels: [a]}                 | relabel configuration for keepequal action requires 'target_label' value
            {action: dropequal, source_labels: [a]}                 | relabel configuration for dropequal action requires 'target_label' value
            {target_label: 1abc}                                    | "1abc" is invalid 'target_label' for replace action
            {target_label: 'a-b'}                                   | "a-b" is invalid 'target_label' for replace action
            {target_label: '${1}-x'}                                | "${1}-x" is invalid 'target_label' for replace action
            {target_label: 'a${'}                                   | "a${" is invalid 'target_label' for replace action
            {action: lowercase, target_label: '${3}'}               | "${3}" is invalid 'target_label' for lowercase action
            {action: uppercase, target_label: 'a.b'}                | "a.b" is invalid 'target_label' for uppercase action
            {action: keepequal, target_label: '0x'}                 | "0x" is invalid 'target_label' for keepequal action
            {action: lowercase, target_label: x, replacement: y}    | 'replacement' can not be set for lowercase action
            {action: dropequal, target_label: x, replacement: y}    | 'replacement' can not be set for dropequal action
            {action: labelmap, replacement: '1$1'}                  | "1$1" is invalid 'replacement' for labelmap action
            {action: labelmap, replacement: 'a-$1'}                 | "a-$1" is invalid 'replacement' for labelmap action
            {action: hashmod, modulus: 10, target_label: '$1'}      | "$1" is invalid 'target_label' for hashmod action
            {action: keepequal, target_label: x, regex: '(.*)'}     | keepequal action requires only 'source_labels' and `target_label`, and no other fields
            {action: dropequal, target_label: x, separator: ','}    | dropequal action requires only 'source_labels' and `target_label`, and no other fields
            {action: keepequal, target_label: x, modulus: 3}        | keepequal action requires only 'source_labels' and `target_label`, and no other fields
            {action: labeldrop, regex: a, source_labels: [a]}       | labeldrop action requires only 'regex', and no other fields
            {action: labeldrop, regex: a, source_labels: []}        | labeldrop action requires only 'regex', and no other fields
            {action: labelkeep, regex: a, target_label: b}          | labelkeep action requires only 'regex', and no other fields
            {action: labelkeep, regex: a, separator: ','}           | labelkeep action requires only 'regex', and no other fields
            {action: labelkeep, regex: a, replacement: x}           | labelkeep action requires only 'regex', and no other fields
            {action: labeldrop, regex: a, modulus: 2}               | labeldrop action requires only 'regex', and no other fields
            {target_label: x, source_labels: ['a-b']}               | "a-b" is not a valid label name
            {target_label: x, source_labels: a}                     | yaml: unmarshal errors: cannot unmarshal !!str `a` into model.LabelNames
            {action: hashmod, target_label: x, modulus: -1}         | yaml: unmarshal errors: cannot unmarshal !!int `-1` into uint64
            {action: hashmod, target_label: x, modulus: ten}        | yaml: unmarshal errors: cannot unmarshal !!str `ten` into uint64
            {action: hashmod, target_label: x, modulus: 18446744073709551616} | yaml: unmarshal errors: cannot unmarshal !!int `18446744073709551616` into uint64
            {target_label: [x]}                                     | yaml: unmarshal errors: cannot unmarshal !!seq into string
            """)
    void refusesAsPrometheus(String yaml, String message) {
        ScrapeConfigException e = assertThrows(ScrapeConfigException.class, () -> parse(yaml));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {target_label: '${1}', regex: 'some-([^-]+)-([^,]+)', source_labels: [a]}
            {target_label: '_${1}_'}
            {target_label: 'foo${bar}foo'}
            {action: labelmap, regex: '__meta_kubernetes_pod_label_(strimzi_io_.+)', replacement: '$1'}
            {action: labelmap, regex: '__meta_(.+)', replacement: '${1}'}
            {action: lowercase, target_label: x, replacement: '$1'}
            {action: keepequal, source_labels: [a], target_label: b}
            {action: labeldrop, regex: 'a.*'}
            {action: labelkeep}
            {action: Keep, regex: 'x', source_labels: [a]}
            {action: hashmod, modulus: 18446744073709551615, target_label: x}
            {target_label: x, regex: null}
            """)
    void acceptsWhatPrometheusAccepts(String yaml) throws Exception {
        parse(yaml);
    }

    @Test
    void nullsAreZeroValuesAsInYamlV2() throws Exception {
        // regex: null is Prometheus' MustNewRegexp(""): only the empty value matches.
        RelabelConfig config = parse("{target_label: x, regex: null, separator: null, replacement: null}");
        assertEquals("", config.separator());
        assertEquals("", config.replacement());
        assertTrue(config.regex().matches(""));
        assertFalse(config.regex().matches("a"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            -label       | false
            label        | true
            label${1}    | true
            ${1}label    | true
            ${1}         | true
            ${           | false
            $            | false
            ${}          | false
            foo${        | false
            $1           | true
            asd$2asd     | true
            -foo${1}bar- | false
            bar.foo${1}bar | false
            _${1}_       | true
            foo${bar}foo | true
            """)
    void targetTemplatesAsPrometheusLegacyRegex(String text, boolean valid) {
        // Prometheus' TestTargetLabelLegacyValidity.
        assertEquals(valid, RelabelConfigs.isTargetTemplate(text), text);
    }

    @Test
    void targetTemplateCheckIsLinear() {
        // Prometheus' regex, run by a backtracking matcher, takes exponential time on this; the scan does not.
        String text = "a".repeat(100_000) + "-";
        assertFalse(RelabelConfigs.isTargetTemplate(text));
    }
}
