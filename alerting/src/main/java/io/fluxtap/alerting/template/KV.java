package io.fluxtap.alerting.template;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Alertmanager's {@code template.KV}: labels or annotations as a string map, with its methods
 * {@code SortedPairs}, {@code Names}, {@code Values} and {@code Remove}. A missing key reads as the empty string,
 * as a Go {@code map[string]string} does.
 */
public final class KV extends AbstractMap<String, String> implements TemplateObject, GoFmt.GoTyped {

    public static final KV EMPTY = new KV(Map.of());

    private final Map<String, String> map;

    public KV(Map<String, String> map) {
        this.map = Collections.unmodifiableMap(new TreeMap<>(map));
    }

    public static KV of(io.fluxtap.api.Labels labels) {
        return new KV(labels.asMap());
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return map.entrySet();
    }

    @Override
    public String get(Object key) {
        return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return map.containsKey(key);
    }

    @Override
    public String goType() {
        return "template.KV";
    }

    /** The pairs sorted by name, except that {@code alertname} comes first, as Alertmanager sorts them. */
    public Pairs sortedPairs() {
        List<String> keys = new ArrayList<>(map.keySet());
        keys.sort(Exec::compareBytes);
        if (keys.remove("alertname")) {
            keys.addFirst("alertname");
        }
        List<Pair> pairs = new ArrayList<>(keys.size());
        for (String k : keys) {
            pairs.add(new Pair(k, map.get(k)));
        }
        return new Pairs(pairs);
    }

    /** A copy without these keys. */
    public KV remove(List<String> keys) {
        Map<String, String> copy = new TreeMap<>(map);
        keys.forEach(copy::remove);
        return new KV(copy);
    }

    @Override
    public Object field(String name, List<Object> args) {
        return switch (name) {
            case "SortedPairs" -> {
                noArgs(name, args);
                yield sortedPairs();
            }
            case "Names" -> {
                noArgs(name, args);
                yield sortedPairs().names();
            }
            case "Values" -> {
                noArgs(name, args);
                yield sortedPairs().values();
            }
            case "Remove" -> {
                if (args.size() != 1) {
                    throw new IllegalArgumentException("wrong number of args for Remove: want 1 got "
                            + args.size());
                }
                yield remove(strings(args.getFirst()));
            }
            default -> NO_FIELD;
        };
    }

    static void noArgs(String name, List<Object> args) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("wrong number of args for " + name + ": want 0 got " + args.size());
        }
    }

    static List<String> strings(Object v) {
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw new IllegalArgumentException("wrong type for value; expected []string; got "
                            + GoFmt.typeName(v));
                }
                out.add(s);
            }
            return out;
        }
        throw new IllegalArgumentException("wrong type for value; expected []string; got " + GoFmt.typeName(v));
    }

    /** One label or annotation. */
    public record Pair(String name, String value) implements TemplateObject {
        @Override
        public Object field(String field, List<Object> args) {
            return switch (field) {
                case "Name" -> name;
                case "Value" -> value;
                default -> NO_FIELD;
            };
        }

        @Override
        public String toString() {
            return "{" + name + " " + value + "}";
        }
    }

    /** Alertmanager's {@code template.Pairs}: a list of pairs with {@code Names} and {@code Values}. */
    public static final class Pairs extends java.util.AbstractList<Pair> implements TemplateObject, GoFmt.GoTyped {
        private final List<Pair> pairs;

        public Pairs(List<Pair> pairs) {
            this.pairs = List.copyOf(pairs);
        }

        @Override
        public Pair get(int index) {
            return pairs.get(index);
        }

        @Override
        public int size() {
            return pairs.size();
        }

        public List<String> names() {
            return pairs.stream().map(Pair::name).toList();
        }

        public List<String> values() {
            return pairs.stream().map(Pair::value).toList();
        }

        @Override
        public String goType() {
            return "template.Pairs";
        }

        @Override
        public Object field(String name, List<Object> args) {
            return switch (name) {
                case "Names" -> names();
                case "Values" -> values();
                default -> NO_FIELD;
            };
        }
    }
}
