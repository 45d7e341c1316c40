package io.fluxtap.alerting.template;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Go's predefined template functions. {@code and} and {@code or} short-circuit inside {@link Exec}. */
final class Builtins {

    private Builtins() {
    }

    /** Marker for {@code call}, which needs the executor to report errors as Go does. */
    static final class Call implements TemplateFunction {
        @Override
        public Object call(List<Object> args) {
            throw new IllegalStateException("call is run by the executor");
        }
    }

    private enum Kind { BOOL, INT, FLOAT, STRING, OTHER }

    static Map<String, TemplateFunction> all() {
        Map<String, TemplateFunction> f = new HashMap<>();
        TemplateFunction shortCircuit = args -> {
            throw new IllegalStateException("and/or are run by the executor");
        };
        f.put("and", shortCircuit);
        f.put("or", shortCircuit);
        f.put("not", args -> !Exec.isTrue(arg(args, 1, "not").getFirst()));
        f.put("len", args -> length(arg(args, 1, "len").getFirst()));
        f.put("index", Builtins::index);
        f.put("slice", Builtins::slice);
        f.put("print", GoFmt::sprint);
        f.put("println", GoFmt::sprintln);
        f.put("printf", args -> {
            if (args.isEmpty()) {
                throw new IllegalArgumentException("wrong number of args for printf: want at least 1 got 0");
            }
            return GoFmt.sprintf(string(args.getFirst()), args.subList(1, args.size()));
        });
        f.put("eq", Builtins::eq);
        f.put("ne", args -> !eq(arg(args, 2, "ne")));
        f.put("lt", args -> compare(arg(args, 2, "lt")) == -1);
        f.put("le", args -> compare(arg(args, 2, "le")) <= 0);
        f.put("gt", args -> compare(arg(args, 2, "gt")) == 1);
        f.put("ge", args -> {
            int c = compare(arg(args, 2, "ge"));
            return c == 0 || c == 1;
        });
        f.put("html", args -> htmlEscape(evalArgs(args)));
        f.put("js", args -> jsEscape(evalArgs(args)));
        f.put("urlquery", args -> queryEscape(evalArgs(args)));
        f.put("call", new Call());
        return f;
    }

    static List<Object> arg(List<Object> args, int want, String name) {
        if (args.size() != want) {
            throw new IllegalArgumentException("wrong number of args for " + name + ": want " + want + " got "
                    + args.size());
        }
        return args;
    }

    /** A string argument, with Go's message for anything else. */
    static String string(Object v) {
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("wrong type for value; expected string; got " + GoFmt.typeName(v));
    }

    private static String evalArgs(List<Object> args) {
        if (args.size() == 1 && args.getFirst() instanceof String s) {
            return s;
        }
        return GoFmt.sprint(args);
    }

    static Object call(Exec exec, List<Object> args) throws Exception {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("wrong number of args for call: want at least 1 got 0");
        }
        Object fn = args.getFirst();
        if (fn == null || fn == Exec.NO_VALUE) {
            throw new IllegalArgumentException("call of nil");
        }
        if (!(fn instanceof TemplateFunction function)) {
            throw new IllegalArgumentException("non-function of type " + GoFmt.typeName(fn));
        }
        return function.call(args.subList(1, args.size()));
    }

    private static long length(Object v) {
        return switch (v) {
            case null -> throw new IllegalArgumentException("len of nil pointer");
            case String s -> s.getBytes(StandardCharsets.UTF_8).length;
            case Collection<?> c -> c.size();
            case Map<?, ?> m -> m.size();
            case Object[] a -> a.length;
            default -> throw new IllegalArgumentException("len of type " + GoFmt.typeName(v));
        };
    }

    private static long toIndex(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Integer i) {
            return i;
        }
        throw new IllegalArgumentException("cannot index slice/array with type " + GoFmt.typeName(v));
    }

    private static Object index(List<Object> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("wrong number of args for index: want at least 1 got 0");
        }
        Object item = args.getFirst();
        for (Object key : args.subList(1, args.size())) {
            switch (item) {
                case null -> throw new IllegalArgumentException("index of untyped nil");
                case Map<?, ?> m -> {
                    if (m.containsKey(key)) {
                        item = m.get(key);
                    } else {
                        if (!(key instanceof String) && !m.isEmpty()
                                && m.keySet().iterator().next() instanceof String) {
                            throw new IllegalArgumentException("value has type " + GoFmt.typeName(key)
                                    + "; should be string");
                        }
                        item = item instanceof KV ? "" : null;
                    }
                }
                case List<?> l -> {
                    long i = toIndex(key);
                    if (i < 0 || i >= l.size()) {
                        throw new IllegalArgumentException("index out of range: " + i);
                    }
                    item = l.get((int) i);
                }
                case String s -> {
                    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                    long i = toIndex(key);
                    if (i < 0 || i >= bytes.length) {
                        throw new IllegalArgumentException("index out of range: " + i);
                    }
                    item = (long) (bytes[(int) i] & 0xff);
                }
                default -> throw new IllegalArgumentException("can't index item of type "
                        + GoFmt.typeName(item));
            }
        }
        return item;
    }

    private static Object slice(List<Object> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("wrong number of args for slice: want at least 1 got 0");
        }
        Object item = args.getFirst();
        List<Object> idx = args.subList(1, args.size());
        if (idx.size() > 3) {
            throw new IllegalArgumentException("too many slice indexes: " + idx.size());
        }
        int len;
        if (item instanceof String s) {
            if (idx.size() == 3) {
                throw new IllegalArgumentException("cannot 3-index slice a string");
            }
            len = s.getBytes(StandardCharsets.UTF_8).length;
        } else if (item instanceof List<?> l) {
            len = l.size();
        } else {
            throw new IllegalArgumentException("can't slice item of type " + GoFmt.typeName(item));
        }
        int[] bounds = {0, len, len};
        for (int i = 0; i < idx.size(); i++) {
            long v = toIndex(idx.get(i));
            if (v < 0 || v > len) {
                throw new IllegalArgumentException("index out of range: " + v);
            }
            bounds[i] = (int) v;
        }
        if (bounds[0] > bounds[1]) {
            throw new IllegalArgumentException("invalid slice index: " + bounds[0] + " > " + bounds[1]);
        }
        if (item instanceof String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            return new String(bytes, bounds[0], bounds[1] - bounds[0], StandardCharsets.UTF_8);
        }
        return List.copyOf(((List<?>) item).subList(bounds[0], bounds[1]));
    }

    private static Kind kind(Object v) {
        return switch (v) {
            case Boolean b -> Kind.BOOL;
            case Long l -> Kind.INT;
            case Integer i -> Kind.INT;
            case Double d -> Kind.FLOAT;
            case Float f -> Kind.FLOAT;
            case String s -> Kind.STRING;
            case null, default -> Kind.OTHER;
        };
    }

    private static boolean valid(Object v) {
        return v != null && v != Exec.NO_VALUE;
    }

    private static boolean eq(List<Object> args) {
        if (args.size() < 2) {
            throw new IllegalArgumentException("missing argument for comparison");
        }
        Object a = args.getFirst();
        Kind k1 = kind(a);
        for (Object b : args.subList(1, args.size())) {
            Kind k2 = kind(b);
            boolean truth;
            if (k1 != k2) {
                if (valid(a) && valid(b)) {
                    throw new IllegalArgumentException("incompatible types for comparison");
                }
                truth = false;
            } else {
                truth = switch (k1) {
                    case BOOL, STRING -> a.equals(b);
                    case INT -> ((Number) a).longValue() == ((Number) b).longValue();
                    case FLOAT -> ((Number) a).doubleValue() == ((Number) b).doubleValue();
                    case OTHER -> {
                        if (a instanceof Collection || a instanceof Map) {
                            throw new IllegalArgumentException("non-comparable type " + GoFmt.typeName(a) + ": "
                                    + GoFmt.value(a));
                        }
                        yield Objects.equals(a, b);
                    }
                };
            }
            if (truth) {
                return true;
            }
        }
        return false;
    }

    /** -1, 0 or 1; 2 when unordered (NaN). */
    private static int compare(List<Object> args) {
        Object a = args.get(0);
        Object b = args.get(1);
        Kind k1 = kind(a);
        Kind k2 = kind(b);
        if (k1 == Kind.OTHER || k2 == Kind.OTHER || k1 == Kind.BOOL || k2 == Kind.BOOL) {
            throw new IllegalArgumentException("invalid type for comparison");
        }
        if (k1 != k2) {
            throw new IllegalArgumentException("incompatible types for comparison");
        }
        return switch (k1) {
            case INT -> Long.compare(((Number) a).longValue(), ((Number) b).longValue());
            case FLOAT -> {
                double x = ((Number) a).doubleValue();
                double y = ((Number) b).doubleValue();
                // NaN is unordered, as in Go: 2 makes lt, le, gt and ge all false.
                yield x < y ? -1 : x > y ? 1 : x == y ? 0 : 2;
            }
            default -> Integer.signum(Exec.compareBytes((String) a, (String) b));
        };
    }

    static String htmlEscape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("&#34;");
                case '\'' -> out.append("&#39;");
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\0' -> out.append('\uFFFD');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String jsEscape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '"' -> out.append("\\\"");
                case '<' -> out.append("\\u003C");
                case '>' -> out.append("\\u003E");
                case '&' -> out.append("\\u0026");
                case '=' -> out.append("\\u003D");
                default -> {
                    if (c < ' ') {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Go's url.QueryEscape. */
    static String queryEscape(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
