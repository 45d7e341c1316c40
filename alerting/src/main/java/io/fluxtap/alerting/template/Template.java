package io.fluxtap.alerting.template;

import io.fluxtap.alerting.template.Node.ListNode;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A set of named Go templates sharing one function map, as Go's {@code *template.Template}: {@link #parse} adds
 * a text's templates (its own and its {@code define}/{@code block} ones), {@link #execute} runs one. Immutable:
 * parse returns a new set, so one set is safe to execute from many threads.
 *
 * <pre>{@code
 * Template t = Template.create(Map.of(), Template.MissingKey.ZERO, Template.Limits.DEFAULT)
 *         .parse("x", "{{ define \"hi\" }}hi {{ . }}{{ end }}{{ template \"hi\" .name }}");
 * t.execute("x", Map.of("name", "bob"));   // "hi bob"
 * }</pre>
 */
public final class Template {

    /**
     * Bounds on one execution, so a hostile template cannot exhaust memory or time: the output's length in
     * characters, the iterations of all {@code range} actions together, and the depth of nested
     * {@code template} calls.
     */
    public record Limits(int maxOutputChars, long maxRangeIterations, int maxDepth) {

        /** 1 MiB of output, a million iterations, templates 100 deep (Java's default stack holds that safely). */
        public static final Limits DEFAULT = new Limits(1 << 20, 1_000_000, 100);

        public Limits {
            if (maxOutputChars <= 0 || maxRangeIterations <= 0 || maxDepth <= 0) {
                throw new IllegalArgumentException("template limits must be positive");
            }
        }
    }

    /** Go's {@code missingkey} option: what a missing key of a map that is not a label set gives. */
    public enum MissingKey {
        /** {@code <no value>} when printed (Go's default). */
        DEFAULT,
        /** The zero value, nil ({@code missingkey=zero}, what Prometheus and Alertmanager set). */
        ZERO,
        /** An execution error. */
        ERROR
    }

    record Tree(String name, String parseName, String text, ListNode root) {
    }

    private final Map<String, TemplateFunction> functions;
    private final Map<String, Tree> trees;
    private final MissingKey missingKey;
    private final Limits limits;

    private Template(Map<String, TemplateFunction> functions, Map<String, Tree> trees, MissingKey missingKey,
                     Limits limits) {
        this.functions = functions;
        this.trees = trees;
        this.missingKey = missingKey;
        this.limits = limits;
    }

    /**
     * An empty set with Go's builtins and these functions (which may replace builtins, as a FuncMap does).
     */
    public static Template create(Map<String, TemplateFunction> functions, MissingKey missingKey, Limits limits) {
        Map<String, TemplateFunction> all = new HashMap<>(Builtins.all());
        all.putAll(functions);
        return new Template(Collections.unmodifiableMap(all), Map.of(), Objects.requireNonNull(missingKey),
                Objects.requireNonNull(limits));
    }

    /**
     * This set plus the templates of {@code text}: the text itself as {@code name}, each {@code define} and
     * {@code block} under its own name (a later definition replaces an earlier one, except that a definition of
     * only whitespace never replaces one, as in Go).
     *
     * @throws TemplateException when the text does not parse, with Go's message ({@code template: NAME:LINE: ...})
     */
    public Template parse(String name, String text) {
        Map<String, ListNode> parsed;
        try {
            parsed = Parser.parse(name, text, functions::containsKey);
        } catch (StackOverflowError e) {
            throw new TemplateException("template: " + name + ": nests too deeply to parse");
        }
        Map<String, Tree> all = new LinkedHashMap<>(trees);
        parsed.forEach((k, v) -> {
            if (!all.containsKey(k) || !Parser.isEmpty(v) || k.equals(name)) {
                all.put(k, new Tree(k, name, text, v));
            }
        });
        return new Template(functions, Collections.unmodifiableMap(all), missingKey, limits);
    }

    /**
     * Runs the template {@code name} with {@code data} as dot.
     *
     * @throws TemplateException when there is no such template or it fails, with Go's message
     *                           ({@code template: NAME:LINE:COL: executing "NAME" at <...>: ...})
     */
    public String execute(String name, Object data) {
        Tree tree = trees.get(name);
        if (tree == null) {
            throw new TemplateException("template: no template \"" + name + "\" associated with template \""
                    + name + "\"");
        }
        try {
            return new Exec(this).run(tree, data);
        } catch (TemplateException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // As Prometheus recovers a panic while expanding: a bad template or odd data must not take the caller
            // down with it.
            throw new TemplateException("template: " + name + ": panic executing template: " + e, e);
        }
    }

    /** The names of the templates in this set. */
    public Set<String> names() {
        return trees.keySet();
    }

    public boolean has(String name) {
        return trees.containsKey(name);
    }

    Tree tree(String name) {
        return trees.get(name);
    }

    TemplateFunction function(String name) {
        return functions.get(name);
    }

    MissingKey missingKey() {
        return missingKey;
    }

    Limits limits() {
        return limits;
    }
}
