package io.fluxtap.ingestion.scrape.relabel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fluxtap.api.Labels;
import io.fluxtap.ingestion.scrape.discovery.RelabelStep;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The cases of Prometheus' {@code TestRelabel} (same inputs and outputs), written as the YAML a user would write. */
class RelabelerTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    @SuppressWarnings("unchecked")
    static RelabelStep step(String yaml) throws Exception {
        List<Map<String, Object>> configs = YAML.readValue(yaml, List.class);
        return new Relabeler().compile(configs, "relabel_configs");
    }

    private static Labels labels(String... namesAndValues) {
        return Labels.of(namesAndValues);
    }

    static Stream<Arguments> prometheusCases() {
        return Stream.of(
                Arguments.of("replace with ${1} twice", labels("a", "foo", "b", "bar", "c", "baz"), """
                        - {source_labels: [a], regex: f(.*), target_label: d, separator: ";", replacement: "ch${1}-ch${1}"}
                        """, labels("a", "foo", "b", "bar", "c", "baz", "d", "choo-choo")),
                Arguments.of("two replaces, joined sources", labels("a", "foo", "b", "bar", "c", "baz"), """
                        - {source_labels: [a, b], regex: "f(.*);(.*)r", target_label: a, replacement: "b${1}${2}m"}
                        - {source_labels: [c, a], regex: "(b).*b(.*)ba(.*)", target_label: d, replacement: $1$2$2$3}
                        """, labels("a", "boobam", "b", "bar", "c", "baz", "d", "boooom")),
                Arguments.of("drop first, replace never runs", labels("a", "foo"), """
                        - {source_labels: [a], regex: .*o.*, action: drop}
                        - {source_labels: [a], regex: f(.*), target_label: d, replacement: ch$1-ch$1}
                        """, null),
                Arguments.of("drop", labels("a", "foo", "b", "bar"), """
                        - {source_labels: [a], regex: .*o.*, action: drop}
                        """, null),
                Arguments.of("group in the middle", labels("a", "abc"), """
                        - {source_labels: [a], regex: .*(b).*, target_label: d, replacement: $1}
                        """, labels("a", "abc", "d", "b")),
                Arguments.of("drop without match", labels("a", "foo"), """
                        - {source_labels: [a], regex: no-match, action: drop}
                        """, labels("a", "foo")),
                Arguments.of("drop: alternatives anchored as a whole", labels("a", "foo"), """
                        - {source_labels: [a], regex: f|o, action: drop}
                        """, labels("a", "foo")),
                Arguments.of("keep without match", labels("a", "foo"), """
                        - {source_labels: [a], regex: no-match, action: keep}
                        """, null),
                Arguments.of("keep with match", labels("a", "foo"), """
                        - {source_labels: [a], regex: f.*, action: keep}
                        """, labels("a", "foo")),
                Arguments.of("no match, no replacement", labels("a", "boo"), """
                        - {source_labels: [a], regex: f, target_label: b, replacement: bar}
                        """, labels("a", "boo")),
                Arguments.of("blank replacement deletes", labels("a", "foo", "f", "baz"), """
                        - {source_labels: [a], regex: (f).*, target_label: $1, replacement: $2}
                        """, labels("a", "foo")),
                Arguments.of("hashmod", labels("a", "foo", "b", "bar", "c", "baz"), """
                        - {source_labels: [c], target_label: d, action: hashmod, modulus: 1000}
                        """, labels("a", "foo", "b", "bar", "c", "baz", "d", "976")),
                Arguments.of("hashmod over a newline", labels("a", "foo\nbar"), """
                        - {source_labels: [a], target_label: b, action: hashmod, modulus: 1000}
                        """, labels("a", "foo\nbar", "b", "734")),
                Arguments.of("labelmap", labels("a", "foo", "b1", "bar", "b2", "baz"), """
                        - {regex: (b.*), replacement: "bar_${1}", action: labelmap}
                        """, labels("a", "foo", "b1", "bar", "b2", "baz", "bar_b1", "bar", "bar_b2", "baz")),
                Arguments.of("labelmap of meta labels",
                        labels("a", "foo", "__meta_my_bar", "aaa", "__meta_my_baz", "bbb", "__meta_other", "ccc"), """
                        - {regex: __meta_(my.*), replacement: "${1}", action: labelmap}
                        """, labels("a", "foo", "__meta_my_bar", "aaa", "__meta_my_baz", "bbb", "__meta_other", "ccc",
                                "my_bar", "aaa", "my_baz", "bbb")),
                Arguments.of("templated target", labels("a", "some-name-value"), """
                        - {source_labels: [a], regex: "some-([^-]+)-([^,]+)", replacement: "${2}", target_label: "${1}"}
                        """, labels("a", "some-name-value", "name", "value")),
                Arguments.of("missing group: empty replacement", labels("a", "some-name-value"), """
                        - {source_labels: [a], regex: "some-([^-]+)-([^,]+)", replacement: "${3}", target_label: "${1}"}
                        """, labels("a", "some-name-value")),
                Arguments.of("target expands to nothing: skipped", labels("a", "some-name-0"), """
                        - {source_labels: [a], regex: "some-([^-]+)-([^,]+)", replacement: "${1}", target_label: "${3}"}
                        - {source_labels: [a], regex: "some-([^-]+)-([^,]+)", replacement: "${1}", target_label: "${3}"}
                        - {source_labels: [a], regex: "some-([^-]+)(-[^,]+)", replacement: "${1}", target_label: "${3}"}
                        """, labels("a", "some-name-0")),
                Arguments.of("tags into path, job and a label",
                        labels("__meta_sd_tags", "path:/secret,job:some-job,label:foo=bar"), """
                        - {source_labels: [__meta_sd_tags], regex: "(?:.+,|^)path:(/[^,]+).*", replacement: "${1}",
                           target_label: __metrics_path__}
                        - {source_labels: [__meta_sd_tags], regex: "(?:.+,|^)job:([^,]+).*", replacement: "${1}",
                           target_label: job}
                        - {source_labels: [__meta_sd_tags], regex: "(?:.+,|^)label:([^=]+)=([^,]+).*",
                           replacement: "${2}", target_label: "${1}"}
                        """, labels("__meta_sd_tags", "path:/secret,job:some-job,label:foo=bar",
                                "__metrics_path__", "/secret", "job", "some-job", "foo", "bar")),
                Arguments.of("prometheus#12283: labeldrop then replace into the dropped name",
                        labels("__meta_kubernetes_pod_container_port_name", "foo",
                                "__meta_kubernetes_pod_annotation_XXX_metrics_port", "9091"), """
                        - {regex: "^__meta_kubernetes_pod_container_port_name$", action: labeldrop}
                        - {source_labels: [__meta_kubernetes_pod_annotation_XXX_metrics_port], regex: (.+),
                           replacement: metrics, target_label: __meta_kubernetes_pod_container_port_name}
                        - {source_labels: [__meta_kubernetes_pod_container_port_name], regex: "^metrics$", action: keep}
                        """, labels("__meta_kubernetes_pod_annotation_XXX_metrics_port", "9091",
                                "__meta_kubernetes_pod_container_port_name", "metrics")),
                Arguments.of("labelkeep", labels("a", "foo", "b1", "bar", "b2", "baz"), """
                        - {regex: (b.*), action: labelkeep}
                        """, labels("b1", "bar", "b2", "baz")),
                Arguments.of("labeldrop", labels("a", "foo", "b1", "bar", "b2", "baz"), """
                        - {regex: (b.*), action: labeldrop}
                        """, labels("a", "foo")),
                Arguments.of("uppercase and lowercase", labels("foo", "bAr123Foo"), """
                        - {source_labels: [foo], action: uppercase, target_label: foo_uppercase}
                        - {source_labels: [foo], action: lowercase, target_label: foo_lowercase}
                        """, labels("foo", "bAr123Foo", "foo_lowercase", "bar123foo", "foo_uppercase", "BAR123FOO")),
                Arguments.of("keepequal, equal", labels("__tmp_port", "1234", "__port1", "1234", "__port2", "5678"), """
                        - {source_labels: [__tmp_port], action: keepequal, target_label: __port1}
                        """, labels("__tmp_port", "1234", "__port1", "1234", "__port2", "5678")),
                Arguments.of("dropequal, equal", labels("__tmp_port", "1234", "__port1", "1234", "__port2", "5678"), """
                        - {source_labels: [__tmp_port], action: dropequal, target_label: __port1}
                        """, null),
                Arguments.of("dropequal, different", labels("__tmp_port", "1234", "__port1", "1234", "__port2", "5678"),
                        """
                        - {source_labels: [__tmp_port], action: dropequal, target_label: __port2}
                        """, labels("__tmp_port", "1234", "__port1", "1234", "__port2", "5678")),
                Arguments.of("keepequal, different", labels("__tmp_port", "1234", "__port1", "1234", "__port2", "5678"),
                        """
                        - {source_labels: [__tmp_port], action: keepequal, target_label: __port2}
                        """, null),
                Arguments.of(". matches a newline (the s flag)", labels("a", "line1\nline2", "b", "bar", "c", "baz"), """
                        - {source_labels: [a], regex: line1.*line2, target_label: d, replacement: "match${1}"}
                        """, labels("a", "line1\nline2", "b", "bar", "c", "baz", "d", "match")),
                Arguments.of("named groups, every $ style", labels("a", "line1\nline2", "b", "bar", "c", "baz"), """
                        - {source_labels: [a], regex: "(line1).*(?<second>line2)", target_label: "label1_${1}",
                           replacement: "val_${second}"}
                        - {source_labels: [a], regex: "(line1).*(?<second>line2)", target_label: label2_$1,
                           replacement: val_$second}
                        """, labels("a", "line1\nline2", "b", "bar", "c", "baz", "label1_line1", "val_line2",
                                "label2_line1", "val_line2")),
                Arguments.of("__name__ like any label", labels("__name__", "http_requests_total"), """
                        - {source_labels: [__name__], regex: ".*_total$", target_label: __type__, replacement: counter}
                        """, labels("__name__", "http_requests_total", "__type__", "counter")),
                Arguments.of("__name__, second", labels("__name__", "disk_usage_bytes"), """
                        - {source_labels: [__name__], regex: ".*_bytes$", target_label: __unit__, replacement: bytes}
                        """, labels("__name__", "disk_usage_bytes", "__unit__", "bytes")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("prometheusCases")
    void behavesAsPrometheus(String name, Labels input, String yaml, Labels expected) throws Exception {
        assertEquals(expected, step(yaml).apply(input));
    }

    static Stream<Arguments> ourCases() {
        return Stream.of(
                // Defaults: regex (.*), replacement $1, action replace, separator ";".
                Arguments.of(labels("a", "x", "b", "y"), "- {source_labels: [a, b, missing], target_label: c}",
                        labels("a", "x", "b", "y", "c", "x;y;")),
                Arguments.of(labels("a", "x"), "- {target_label: c, replacement: static}",
                        labels("a", "x", "c", "static")),
                Arguments.of(labels("a", "x"), "- {source_labels: [a], target_label: a, replacement: ''}",
                        labels()),
                Arguments.of(labels("a", "x", "b", "y"), "- {source_labels: [a, b], separator: '', target_label: c}",
                        labels("a", "x", "b", "y", "c", "xy")),
                // Go's Expand: $$ is a dollar, a $ starting no reference stays, $1x names group "1x" (none).
                Arguments.of(labels("a", "v"), "- {source_labels: [a], regex: (v), target_label: c, replacement: 'a$$b$-$1x|${1}x'}",
                        labels("a", "v", "c", "a$b$-|vx")),
                // Leading zeros make a name, not a number.
                Arguments.of(labels("a", "v"), "- {source_labels: [a], regex: (v), target_label: c, replacement: 'x$01-${01}$1'}",
                        labels("a", "v", "c", "x-v")),
                // Go's group names may hold _ and start with a digit; (?P<...>) too.
                Arguments.of(labels("a", "host:9100"), "- {source_labels: [a], regex: '(?P<host_name>[^:]+):(?P<9port>\\d+)', target_label: c, replacement: '${9port}@$host_name'}",
                        labels("a", "host:9100", "c", "9100@host")),
                // The case mappings are Go's: one code point to one.
                Arguments.of(labels("a", "straße İ"), "- {source_labels: [a], target_label: u, action: uppercase}\n- {source_labels: [a], target_label: l, action: lowercase}",
                        labels("a", "straße İ", "u", "STRAßE İ", "l", "straße i")),
                // The action's name is case-insensitive.
                Arguments.of(labels("a", "x"), "- {source_labels: [a], regex: x, action: DROP}", null),
                // $ is the end: Java's would also match before a final newline.
                Arguments.of(labels("a", "x\n"), "- {source_labels: [a], regex: 'x$\\n', action: keep}", null),
                Arguments.of(labels("a", "x\n"), "- {source_labels: [a], regex: 'x\\n', action: keep}",
                        labels("a", "x\n")),
                // labelmap over a snapshot: a new name is not mapped again.
                Arguments.of(labels("x_a", "1"), "- {regex: 'x_(.*)', replacement: 'x_x_$1', action: labelmap}",
                        labels("x_a", "1", "x_x_a", "1")),
                // hashmod with an empty source and a modulus above 2^63 (unsigned arithmetic).
                Arguments.of(labels("a", "x"), "- {target_label: h, action: hashmod, modulus: 18446744073709551615}",
                        labels("a", "x", "h", Long.toUnsignedString(
                                java.nio.ByteBuffer.wrap(md5("")).getLong(8))))
        );
    }

    private static byte[] md5(String text) {
        try {
            return java.security.MessageDigest.getInstance("MD5").digest(text.getBytes());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @MethodSource("ourCases")
    void followsGoSemantics(Labels input, String yaml, Labels expected) throws Exception {
        assertEquals(expected, step(yaml).apply(input));
    }

    @Test
    void hashmodShardsAsPrometheus() {
        // The values of Prometheus' TestRelabel: md5's last 8 bytes, big-endian, modulo.
        assertEquals("976", Relabeler.hashMod("baz", 1000));
        assertEquals("734", Relabeler.hashMod("foo\nbar", 1000));
    }

    @Test
    void labelmapToAnInvalidNameIsRefused() throws Exception {
        RelabelStep step = step("- {regex: '__meta_(.*)', replacement: 'x${1}', action: labelmap}\n"
                + "- {regex: '__meta_(.*)', replacement: '$1', action: labelmap}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> step.apply(labels("__meta_", "v")));
        assertEquals("\"\" is invalid label name", e.getMessage());
    }

    @Test
    void noEntriesIsTheIdentity() throws Exception {
        assertSame(RelabelStep.NONE, new Relabeler().compile(List.of(), "relabel_configs"));
        assertNull(step("- {source_labels: [a], action: drop}").apply(labels()));
    }
}
