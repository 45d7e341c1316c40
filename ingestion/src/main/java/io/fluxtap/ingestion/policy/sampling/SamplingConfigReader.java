package io.fluxtap.ingestion.policy.sampling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fluxtap.api.SpanRecord.StatusCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code conf/sampling.yml}: the Collector's {@code tail_sampling} processor settings, either alone or as they
 * stand in a Collector configuration ({@code processors: tail_sampling: ...}, also {@code tail_sampling/name}), so a
 * block can be pasted from one. Every key is checked: an unknown one, a wrong type or a bad value refuses the whole
 * file with the field's path ({@code policies[1].latency.threshold_ms: ...}); nothing is half applied.
 */
public final class SamplingConfigReader {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> TOP = Set.of("decision_wait", "num_traces", "expected_new_traces_per_sec",
            "policies", "decision_cache", "sample_on_first_match", "root_span_grace", "max_buffered_spans",
            "max_buffered_bytes");
    /** The policy types a sub-policy of {@code and} or {@code composite} may have. */
    private static final Set<String> LEAF_TYPES = Set.of("always_sample", "status_code", "latency", "probabilistic",
            "string_attribute", "numeric_attribute", "rate_limiting");
    private static final Set<String> POLICY_BLOCKS = Set.of("status_code", "latency", "probabilistic",
            "string_attribute", "numeric_attribute", "rate_limiting", "and", "composite");

    private SamplingConfigReader() {
    }

    /** A missing file is sampling off; an unreadable or invalid one is refused. */
    public static SamplingConfig read(Path file) {
        if (!Files.exists(file)) {
            return SamplingConfig.OFF;
        }
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new InvalidSamplingConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static SamplingConfig parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new InvalidSamplingConfigException(source + ": not YAML: " + e.getOriginalMessage(), e);
        }
        try {
            return new Reader().settings(unwrap(root));
        } catch (Invalid e) {
            throw new InvalidSamplingConfigException(source + ": " + e.getMessage());
        }
    }

    private static JsonNode unwrap(JsonNode root) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            return null;
        }
        JsonNode node = root;
        if (node.isObject() && node.has("processors")) {
            node = node.get("processors");
        }
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (name.equals("tail_sampling") || name.startsWith("tail_sampling/")) {
                    return node.get(name);
                }
            }
        }
        return node;
    }

    /** A problem at a path; turned into the exception with the source name. */
    private static final class Invalid extends RuntimeException {
        Invalid(String path, String problem) {
            super(path + ": " + problem, null, false, false);
        }
    }

    private static final class Reader {

        SamplingConfig settings(JsonNode node) {
            if (node == null || node.isNull()) {
                return SamplingConfig.OFF;
            }
            object(node, "tail_sampling", TOP);
            Duration wait = duration(node, "decision_wait", SamplingConfig.DEFAULT_DECISION_WAIT);
            Duration grace = duration(node, "root_span_grace", SamplingConfig.DEFAULT_ROOT_SPAN_GRACE);
            int numTraces = positiveInt(node, "num_traces", SamplingConfig.DEFAULT_NUM_TRACES);
            int maxSpans = positiveInt(node, "max_buffered_spans", SamplingConfig.DEFAULT_MAX_BUFFERED_SPANS);
            long maxBytes = positiveLong(node, "max_buffered_bytes", SamplingConfig.DEFAULT_MAX_BUFFERED_BYTES);
            positiveInt(node, "expected_new_traces_per_sec", 1);
            int sampledCache = SamplingConfig.DEFAULT_CACHE_SIZE;
            int nonSampledCache = SamplingConfig.DEFAULT_CACHE_SIZE;
            JsonNode cache = node.get("decision_cache");
            if (cache != null && !cache.isNull()) {
                object(cache, "decision_cache", Set.of("sampled_cache_size", "non_sampled_cache_size"));
                sampledCache = nonNegativeInt(cache, "decision_cache.sampled_cache_size", "sampled_cache_size",
                        sampledCache);
                nonSampledCache = nonNegativeInt(cache, "decision_cache.non_sampled_cache_size",
                        "non_sampled_cache_size", nonSampledCache);
            }
            boolean firstMatch = bool(node.get("sample_on_first_match"), "sample_on_first_match");
            List<NamedPolicy> policies = policyList(node.get("policies"), "policies", true);
            return new SamplingConfig(wait, grace, numTraces, maxSpans, maxBytes, sampledCache, nonSampledCache, firstMatch,
                    policies);
        }

        List<NamedPolicy> policyList(JsonNode list, String path, boolean topLevel) {
            if (list == null || list.isNull()) {
                if (topLevel) {
                    return List.of();
                }
                throw new Invalid(path, "is required");
            }
            if (!list.isArray()) {
                throw new Invalid(path, "must be a list of policies");
            }
            List<NamedPolicy> policies = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                NamedPolicy policy = policy(list.get(i), path + "[" + i + "]", topLevel);
                if (!names.add(policy.name())) {
                    throw new Invalid(path + "[" + i + "].name", "duplicate policy name \"" + policy.name() + "\"");
                }
                policies.add(policy);
            }
            return policies;
        }

        NamedPolicy policy(JsonNode node, String path, boolean topLevel) {
            Set<String> allowed = new HashSet<>(POLICY_BLOCKS);
            allowed.add("name");
            allowed.add("type");
            object(node, path, allowed);
            String name = text(node, path, "name", true);
            if (name.isBlank()) {
                throw new Invalid(path + ".name", "must not be empty");
            }
            String type = text(node, path, "type", true);
            if (!topLevel && !LEAF_TYPES.contains(type)) {
                throw new Invalid(path + ".type", "\"" + type + "\" cannot be a sub-policy (one of "
                        + String.join(", ", new java.util.TreeSet<>(LEAF_TYPES)) + ")");
            }
            String at = path + "." + type;
            JsonNode block = node.get(type);
            SamplingPolicy policy = switch (type) {
                case "always_sample" -> (trace, now) -> Decision.SAMPLED;
                case "status_code" -> statusCode(required(block, at), at);
                case "latency" -> latency(required(block, at), at);
                case "probabilistic" -> probabilistic(required(block, at), at);
                case "string_attribute" -> stringAttribute(required(block, at), at);
                case "numeric_attribute" -> numericAttribute(required(block, at), at);
                case "rate_limiting" -> rateLimiting(required(block, at), at);
                case "and" -> and(required(block, at), at);
                case "composite" -> composite(required(block, at), at);
                default -> throw new Invalid(path + ".type", "unknown policy type \"" + type + "\" (one of "
                        + "always_sample, status_code, latency, probabilistic, string_attribute, numeric_attribute, "
                        + "rate_limiting, and, composite)");
            };
            return new NamedPolicy(name, type, policy);
        }

        SamplingPolicy statusCode(JsonNode block, String at) {
            object(block, at, Set.of("status_codes"));
            List<String> codes = strings(block.get("status_codes"), at + ".status_codes");
            if (codes.isEmpty()) {
                throw new Invalid(at + ".status_codes", "must name at least one of ERROR, OK, UNSET");
            }
            Set<StatusCode> set = new LinkedHashSet<>();
            for (String code : codes) {
                try {
                    set.add(StatusCode.valueOf(code.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new Invalid(at + ".status_codes", "unknown status code \"" + code + "\" (ERROR, OK, UNSET)");
                }
            }
            return new StatusCodePolicy(set);
        }

        SamplingPolicy latency(JsonNode block, String at) {
            object(block, at, Set.of("threshold_ms", "upper_threshold_ms"));
            long threshold = nonNegativeLong(block, at + ".threshold_ms", "threshold_ms", 0);
            long upper = nonNegativeLong(block, at + ".upper_threshold_ms", "upper_threshold_ms", 0);
            if (upper != 0 && upper <= threshold) {
                throw new Invalid(at + ".upper_threshold_ms", "must be greater than threshold_ms (" + threshold + ")");
            }
            if (threshold == 0 && upper == 0) {
                throw new Invalid(at + ".threshold_ms", "is required (a duration in milliseconds)");
            }
            return new LatencyPolicy(threshold, upper);
        }

        SamplingPolicy probabilistic(JsonNode block, String at) {
            object(block, at, Set.of("sampling_percentage", "hash_salt"));
            JsonNode pct = block.get("sampling_percentage");
            if (pct == null || !pct.isNumber()) {
                throw new Invalid(at + ".sampling_percentage", "is required (a number from 0 to 100)");
            }
            double value = pct.asDouble();
            if (value < 0 || Double.isNaN(value)) {
                throw new Invalid(at + ".sampling_percentage", "must be from 0 to 100, not " + pct.asText());
            }
            JsonNode salt = block.get("hash_salt");
            if (salt != null && !salt.isNull() && !salt.isTextual()) {
                throw new Invalid(at + ".hash_salt", "must be a string");
            }
            return ProbabilisticPolicy.of(salt == null || salt.isNull() ? null : salt.asText(), value);
        }

        SamplingPolicy stringAttribute(JsonNode block, String at) {
            object(block, at, Set.of("key", "values", "enabled_regex_matching", "cache_max_size", "invert_match"));
            String key = text(block, at, "key", true);
            List<String> values = strings(block.get("values"), at + ".values");
            if (values.isEmpty()) {
                throw new Invalid(at + ".values", "must list at least one value");
            }
            boolean regex = bool(block.get("enabled_regex_matching"), at + ".enabled_regex_matching");
            nonNegativeInt(block, at + ".cache_max_size", "cache_max_size", 0);
            boolean invert = bool(block.get("invert_match"), at + ".invert_match");
            Predicate<String> match;
            if (regex) {
                List<Pattern> patterns = new ArrayList<>();
                for (int i = 0; i < values.size(); i++) {
                    try {
                        patterns.add(Pattern.compile(values.get(i)));
                    } catch (PatternSyntaxException e) {
                        throw new Invalid(at + ".values[" + i + "]", "not a regular expression: " + e.getDescription());
                    }
                }
                // Go's MatchString finds a match anywhere, as find() does.
                match = s -> patterns.stream().anyMatch(p -> p.matcher(s).find());
            } else {
                Set<String> exact = new HashSet<>(values);
                exact.remove("");
                match = exact::contains;
            }
            // Only string values take part, as the Collector's Str() gives "" for other types.
            return new AttributePolicy(key, v -> v instanceof String s && !s.isEmpty() && match.test(s), invert);
        }

        SamplingPolicy numericAttribute(JsonNode block, String at) {
            object(block, at, Set.of("key", "min_value", "max_value", "invert_match"));
            String key = text(block, at, "key", true);
            JsonNode minNode = block.get("min_value");
            JsonNode maxNode = block.get("max_value");
            if ((minNode == null || minNode.isNull()) && (maxNode == null || maxNode.isNull())) {
                throw new Invalid(at, "needs min_value, max_value or both");
            }
            long min = minNode == null || minNode.isNull() ? Long.MIN_VALUE : integral(minNode, at + ".min_value");
            long max = maxNode == null || maxNode.isNull() ? Long.MAX_VALUE : integral(maxNode, at + ".max_value");
            if (min > max) {
                throw new Invalid(at + ".max_value", "must not be below min_value (" + min + ")");
            }
            boolean invert = bool(block.get("invert_match"), at + ".invert_match");
            return new AttributePolicy(key, v -> (v instanceof Long || v instanceof Integer)
                    && ((Number) v).longValue() >= min && ((Number) v).longValue() <= max, invert);
        }

        SamplingPolicy rateLimiting(JsonNode block, String at) {
            object(block, at, Set.of("spans_per_second"));
            JsonNode sps = block.get("spans_per_second");
            if (sps == null || sps.isNull()) {
                throw new Invalid(at + ".spans_per_second", "is required (a positive integer)");
            }
            long value = integral(sps, at + ".spans_per_second");
            if (value <= 0) {
                throw new Invalid(at + ".spans_per_second", "must be positive, not " + value);
            }
            return new RateLimitingPolicy(value);
        }

        SamplingPolicy and(JsonNode block, String at) {
            object(block, at, Set.of("and_sub_policy"));
            List<NamedPolicy> subs = policyList(block.get("and_sub_policy"), at + ".and_sub_policy", false);
            if (subs.isEmpty()) {
                throw new Invalid(at + ".and_sub_policy", "must list at least one policy");
            }
            return new AndPolicy(subs);
        }

        SamplingPolicy composite(JsonNode block, String at) {
            object(block, at, Set.of("max_total_spans_per_second", "policy_order", "composite_sub_policy",
                    "rate_allocation"));
            JsonNode max = block.get("max_total_spans_per_second");
            if (max == null || max.isNull()) {
                throw new Invalid(at + ".max_total_spans_per_second", "is required (a positive integer)");
            }
            long total = integral(max, at + ".max_total_spans_per_second");
            if (total <= 0) {
                throw new Invalid(at + ".max_total_spans_per_second", "must be positive, not " + total);
            }
            List<NamedPolicy> subs = policyList(block.get("composite_sub_policy"), at + ".composite_sub_policy", false);
            Map<String, NamedPolicy> byName = new HashMap<>();
            subs.forEach(p -> byName.put(p.name(), p));
            List<String> order = strings(block.get("policy_order"), at + ".policy_order");
            if (order.isEmpty()) {
                throw new Invalid(at + ".policy_order", "must list the sub-policies in evaluation order");
            }
            Map<String, Long> allocation = new HashMap<>();
            JsonNode allocations = block.get("rate_allocation");
            if (allocations != null && !allocations.isNull()) {
                if (!allocations.isArray()) {
                    throw new Invalid(at + ".rate_allocation", "must be a list of {policy, percent}");
                }
                for (int i = 0; i < allocations.size(); i++) {
                    String path = at + ".rate_allocation[" + i + "]";
                    JsonNode entry = allocations.get(i);
                    object(entry, path, Set.of("policy", "percent"));
                    String policy = text(entry, path, "policy", true);
                    if (!byName.containsKey(policy)) {
                        throw new Invalid(path + ".policy", "no sub-policy named \"" + policy + "\"");
                    }
                    long percent = nonNegativeLong(entry, path + ".percent", "percent", 0);
                    allocation.put(policy, percent > 0 ? percent * total / 100 : total / subs.size());
                }
            }
            List<CompositePolicy.Allocated> ordered = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                NamedPolicy sub = byName.get(order.get(i));
                if (sub == null) {
                    throw new Invalid(at + ".policy_order[" + i + "]", "no sub-policy named \"" + order.get(i) + "\"");
                }
                ordered.add(new CompositePolicy.Allocated(sub, allocation.getOrDefault(sub.name(), 0L)));
            }
            return new CompositePolicy(total, ordered);
        }

        // ---- values ----------------------------------------------------------------------------------------

        static JsonNode required(JsonNode block, String at) {
            if (block == null || block.isNull()) {
                throw new Invalid(at, "is required for this policy type");
            }
            return block;
        }

        static void object(JsonNode node, String path, Set<String> allowed) {
            if (node == null || !node.isObject()) {
                throw new Invalid(path, "must be a mapping");
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    throw new Invalid(path.equals("tail_sampling") ? name : path + "." + name, "unknown field (known: "
                            + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
                }
            }
        }

        static String text(JsonNode node, String path, String field, boolean required) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                if (required) {
                    throw new Invalid(path + "." + field, "is required");
                }
                return null;
            }
            if (!value.isTextual()) {
                throw new Invalid(path + "." + field, "must be a string");
            }
            return value.asText();
        }

        static List<String> strings(JsonNode node, String path) {
            if (node == null || node.isNull()) {
                return List.of();
            }
            if (!node.isArray()) {
                throw new Invalid(path, "must be a list of strings");
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode value = node.get(i);
                if (!value.isValueNode() || value.isNull()) {
                    throw new Invalid(path + "[" + i + "]", "must be a string");
                }
                values.add(value.asText());
            }
            return values;
        }

        static boolean bool(JsonNode node, String path) {
            if (node == null || node.isNull()) {
                return false;
            }
            if (!node.isBoolean()) {
                throw new Invalid(path, "must be true or false");
            }
            return node.asBoolean();
        }

        static long integral(JsonNode node, String path) {
            if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                throw new Invalid(path, "must be an integer, not " + node.asText());
            }
            return node.asLong();
        }

        static long nonNegativeLong(JsonNode block, String path, String field, long fallback) {
            JsonNode node = block.get(field);
            if (node == null || node.isNull()) {
                return fallback;
            }
            long value = integral(node, path);
            if (value < 0) {
                throw new Invalid(path, "must not be negative");
            }
            return value;
        }

        static int nonNegativeInt(JsonNode block, String path, String field, int fallback) {
            long value = nonNegativeLong(block, path, field, fallback);
            if (value > Integer.MAX_VALUE) {
                throw new Invalid(path, "is too large");
            }
            return (int) value;
        }

        static int positiveInt(JsonNode block, String field, int fallback) {
            int value = nonNegativeInt(block, field, field, fallback);
            if (value == 0) {
                throw new Invalid(field, "must be positive");
            }
            return value;
        }

        static long positiveLong(JsonNode block, String field, long fallback) {
            long value = nonNegativeLong(block, field, field, fallback);
            if (value == 0) {
                throw new Invalid(field, "must be positive");
            }
            return value;
        }

        static Duration duration(JsonNode block, String field, Duration fallback) {
            JsonNode node = block.get(field);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isTextual()) {
                throw new Invalid(field, "must be a duration such as 10s, not " + node.asText());
            }
            try {
                Duration value = GoDuration.parse(node.asText());
                if (value.isNegative()) {
                    throw new Invalid(field, "must not be negative");
                }
                return value;
            } catch (IllegalArgumentException e) {
                throw new Invalid(field, e.getMessage());
            }
        }
    }
}
