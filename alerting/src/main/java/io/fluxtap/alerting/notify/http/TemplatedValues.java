package io.fluxtap.alerting.notify.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxtap.alerting.template.GoJson;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's {@code template.DeepCopyWithTemplate}, which renders PagerDuty's {@code details} and a webhook's
 * custom {@code payload}: every string (map keys below the top level too) is a template; a rendered string that
 * reads as structured YAML (a number, a list, a map, {@code true}, or nothing at all) becomes that value, so
 * {@code {{ .Alerts.Firing | len }}} gives the number {@code 2} and {@code toJson} output becomes nested JSON;
 * anything else stays the rendered string. Lists and maps are copied through; other values stay as written.
 */
public final class TemplatedValues {

    /** Renders one template string. */
    @FunctionalInterface
    public interface Renderer {
        String render(String template);
    }

    private TemplatedValues() {
    }

    /** The rendered copy; maps come back as Go maps ({@link GoJson#goMap}). */
    public static Object render(Object value, Renderer renderer) {
        return switch (value) {
            case null -> null;
            case String s -> fromText(renderer.render(s));
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                for (Object item : list) {
                    out.add(render(item, renderer));
                }
                yield out;
            }
            case Map<?, ?> map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (e.getKey() instanceof String key) {
                        out.put(renderer.render(key), render(e.getValue(), renderer));
                    }
                }
                yield GoJson.goMap(out);
            }
            default -> value;
        };
    }

    /** A Jackson tree (a config's {@code payload:}) as plain values. */
    public static Object fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>();
            node.forEach(item -> out.add(fromJson(item)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), fromJson(e.getValue())));
        return out;
    }

    private static Object fromText(String text) {
        Object parsed;
        try {
            parsed = yaml().load(text);
        } catch (RuntimeException e) {
            return text;
        }
        if (parsed instanceof String) {
            return text;
        }
        return normalize(parsed);
    }

    private static Object normalize(Object value) {
        return switch (value) {
            case null -> null;
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                for (Object item : list) {
                    out.add(normalize(item));
                }
                yield out;
            }
            case Map<?, ?> map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    // Go drops keys that are not strings.
                    if (e.getKey() instanceof String key) {
                        out.put(key, normalize(e.getValue()));
                    }
                }
                yield GoJson.goMap(out);
            }
            default -> value;
        };
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new NoTimestamps());
    }

    /** yaml.v2 into an {@code any} keeps timestamps as strings; SnakeYAML would make them Dates. */
    private static final class NoTimestamps extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.MERGE, MERGE, "<");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }
}
