package io.fluxtap.alerting.template;

import io.fluxtap.alerting.template.Node.ActionNode;
import io.fluxtap.alerting.template.Node.BoolNode;
import io.fluxtap.alerting.template.Node.BranchNode;
import io.fluxtap.alerting.template.Node.BreakNode;
import io.fluxtap.alerting.template.Node.ChainNode;
import io.fluxtap.alerting.template.Node.CommandNode;
import io.fluxtap.alerting.template.Node.ContinueNode;
import io.fluxtap.alerting.template.Node.DotNode;
import io.fluxtap.alerting.template.Node.FieldNode;
import io.fluxtap.alerting.template.Node.IdentifierNode;
import io.fluxtap.alerting.template.Node.ListNode;
import io.fluxtap.alerting.template.Node.NilNode;
import io.fluxtap.alerting.template.Node.NumberNode;
import io.fluxtap.alerting.template.Node.PipeNode;
import io.fluxtap.alerting.template.Node.StringNode;
import io.fluxtap.alerting.template.Node.TemplateCallNode;
import io.fluxtap.alerting.template.Node.TextNode;
import io.fluxtap.alerting.template.Node.VariableNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** One execution of a template: Go's {@code text/template} exec state (dot, variables, output, limits). */
final class Exec {

    /** Go's invalid reflect.Value: a missing map entry; prints as {@code <no value>}. */
    static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "<no value>";
        }
    };

    /** No value piped in from a previous command. */
    private static final Object MISSING = new Object();

    private static final class Break extends RuntimeException {
        Break() {
            super(null, null, false, false);
        }
    }

    private static final class Continue extends RuntimeException {
        Continue() {
            super(null, null, false, false);
        }
    }

    private record Var(String name, Object value) {
    }

    private final Template set;
    private final StringBuilder out = new StringBuilder();
    private List<Var> vars = new ArrayList<>();
    private Template.Tree tree;
    private Node node;
    private int depth;
    private long iterations;

    Exec(Template set) {
        this.set = set;
    }

    String run(Template.Tree tree, Object data) {
        this.tree = tree;
        vars.add(new Var("$", data));
        walk(data, tree.root());
        return out.toString();
    }

    // ---------------------------------------------------------------- errors

    TemplateException error(String message) {
        return error(message, null);
    }

    private TemplateException error(String message, Throwable cause) {
        String location = tree.parseName();
        String context = "";
        if (node != null) {
            String before = tree.text().substring(0, Math.min(node.pos(), tree.text().length()));
            int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
            int col = node.pos() - before.lastIndexOf('\n') - 1;
            if (before.lastIndexOf('\n') < 0) {
                col = node.pos();
            }
            location = tree.parseName() + ":" + line + ":" + col;
            context = node.toString();
            if (context.length() > 20) {
                context = context.substring(0, 20) + "...";
            }
            return new TemplateException("template: " + location + ": executing \"" + tree.name() + "\" at <"
                    + context + ">: " + message, cause);
        }
        return new TemplateException("template: " + location + ": executing \"" + tree.name() + "\": " + message,
                cause);
    }

    // ---------------------------------------------------------------- output

    private void write(String s) {
        if (out.length() + s.length() > set.limits().maxOutputChars()) {
            throw error("output exceeds the limit of " + set.limits().maxOutputChars() + " characters");
        }
        out.append(s);
    }

    // ---------------------------------------------------------------- walking

    private void walk(Object dot, Node n) {
        switch (n) {
            case ListNode list -> {
                for (Node item : list.nodes()) {
                    walk(dot, item);
                }
            }
            case TextNode text -> write(text.text());
            case ActionNode action -> {
                node = action;
                Object value = evalPipeline(dot, action.pipe());
                if (action.pipe().decl().isEmpty()) {
                    node = action;
                    write(printable(value));
                }
            }
            case BranchNode branch -> {
                if (branch.kind().equals("range")) {
                    walkRange(dot, branch);
                } else {
                    walkIfOrWith(dot, branch);
                }
            }
            case TemplateCallNode call -> walkTemplate(dot, call);
            case BreakNode b -> throw new Break();
            case ContinueNode c -> throw new Continue();
            default -> throw error("unknown node: " + n);
        }
    }

    private String printable(Object value) {
        if (value instanceof TemplateFunction) {
            throw error("can't print " + node + " of type func");
        }
        return GoFmt.value(value);
    }

    private void walkIfOrWith(Object dot, BranchNode branch) {
        int mark = vars.size();
        try {
            node = branch;
            Object value = evalPipeline(dot, branch.pipe());
            if (isTrue(value)) {
                walk(branch.kind().equals("with") ? value : dot, branch.list());
            } else if (branch.elseList() != null) {
                walk(dot, branch.elseList());
            }
        } finally {
            pop(mark);
        }
    }

    private void walkRange(Object dot, BranchNode range) {
        int mark = vars.size();
        try {
            node = range;
            Object value = evalPipeline(dot, range.pipe());
            node = range;
            List<Map.Entry<Object, Object>> items = new ArrayList<>();
            switch (value) {
                case null -> {
                }
                case Map<?, ?> map -> {
                    for (Map.Entry<?, ?> e : sortedEntries(map)) {
                        items.add(Map.entry(e.getKey(), nullable(e.getValue())));
                    }
                }
                case Collection<?> c -> {
                    long i = 0;
                    for (Object e : c) {
                        items.add(Map.entry(i++, nullable(e)));
                    }
                }
                case Object[] array -> {
                    for (int i = 0; i < array.length; i++) {
                        items.add(Map.entry((long) i, nullable(array[i])));
                    }
                }
                case Long count -> {
                    if (range.pipe().decl().size() > 1) {
                        throw error("can't use " + count + " to iterate over more than one variable");
                    }
                    if (count > set.limits().maxRangeIterations()) {
                        throw error("range exceeds the limit of " + set.limits().maxRangeIterations()
                                + " iterations");
                    }
                    for (long i = 0; i < count; i++) {
                        items.add(Map.entry(i, i));
                    }
                }
                default -> {
                    if (value != NO_VALUE) {
                        throw error("range can't iterate over " + GoFmt.value(value));
                    }
                }
            }
            if (items.isEmpty()) {
                if (range.elseList() != null) {
                    walk(dot, range.elseList());
                }
                return;
            }
            for (Map.Entry<Object, Object> item : items) {
                if (++iterations > set.limits().maxRangeIterations()) {
                    node = range;
                    throw error("range exceeds the limit of " + set.limits().maxRangeIterations() + " iterations");
                }
                Object elem = unnull(item.getValue());
                List<String> decl = range.pipe().decl();
                if (decl.size() == 1) {
                    setVar(decl.getFirst(), elem);
                } else if (decl.size() == 2) {
                    setVar(decl.get(0), item.getKey());
                    setVar(decl.get(1), elem);
                }
                int inner = vars.size();
                try {
                    walk(elem, range.list());
                } catch (Continue c) {
                    // next element
                } catch (Break b) {
                    break;
                } finally {
                    pop(inner);
                }
            }
        } finally {
            pop(mark);
        }
    }

    private static final Object NULL = new Object();

    private static Object nullable(Object v) {
        return v == null ? NULL : v;
    }

    private static Object unnull(Object v) {
        return v == NULL ? null : v;
    }

    /** In a range the declared variables are the pipeline's own, pushed by evalPipeline: overwrite the newest. */
    private void setVar(String name, Object value) {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).name().equals(name)) {
                vars.set(i, new Var(name, value));
                return;
            }
        }
        vars.add(new Var(name, value));
    }

    private void walkTemplate(Object dot, TemplateCallNode call) {
        node = call;
        Template.Tree target = set.tree(call.name());
        if (target == null) {
            throw error("template: no template \"" + call.name() + "\" associated with template \""
                    + tree.name() + "\"");
        }
        Object newDot = call.pipe() == null ? null : evalPipeline(dot, call.pipe());
        if (depth + 1 > set.limits().maxDepth()) {
            node = call;
            throw error("exceeded maximum template depth (" + set.limits().maxDepth() + ")");
        }
        List<Var> savedVars = vars;
        Template.Tree savedTree = tree;
        depth++;
        vars = new ArrayList<>();
        vars.add(new Var("$", newDot));
        tree = target;
        try {
            walk(newDot, target.root());
        } finally {
            depth--;
            vars = savedVars;
            tree = savedTree;
        }
    }

    private void pop(int mark) {
        while (vars.size() > mark) {
            vars.removeLast();
        }
    }

    // ---------------------------------------------------------------- evaluation

    private Object evalPipeline(Object dot, PipeNode pipe) {
        Object value = MISSING;
        for (CommandNode cmd : pipe.cmds()) {
            value = evalCommand(dot, cmd, value);
        }
        for (String name : pipe.decl()) {
            if (pipe.assign()) {
                assign(name, value);
            } else {
                vars.add(new Var(name, value));
            }
        }
        return value;
    }

    private void assign(String name, Object value) {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).name().equals(name)) {
                vars.set(i, new Var(name, value));
                return;
            }
        }
        throw error("undefined variable: " + name);
    }

    private Object variable(String name) {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).name().equals(name)) {
                return vars.get(i).value();
            }
        }
        throw error("undefined variable: " + name);
    }

    private Object evalCommand(Object dot, CommandNode cmd, Object fin) {
        Node first = cmd.args().getFirst();
        node = first;
        switch (first) {
            case FieldNode f:
                return evalFieldChain(dot, dot, f, f.ident(), cmd.args(), fin);
            case ChainNode c:
                return evalFieldChain(dot, evalArg(dot, c.node()), c, c.fields(), cmd.args(), fin);
            case IdentifierNode id:
                return evalFunction(dot, id, cmd, cmd.args(), fin);
            case PipeNode p:
                notAFunction(cmd.args(), fin);
                return evalPipeline(dot, p);
            case VariableNode v:
                return evalVariable(dot, v, cmd.args(), fin);
            default:
                break;
        }
        node = first;
        notAFunction(cmd.args(), fin);
        return switch (first) {
            case BoolNode b -> b.value();
            case DotNode d -> dot;
            case NilNode n -> throw error("nil is not a command");
            case NumberNode num -> num.value();
            case StringNode s -> s.value();
            default -> throw error("can't evaluate command " + first);
        };
    }

    private void notAFunction(List<Node> args, Object fin) {
        if (args.size() > 1 || fin != MISSING) {
            throw error("can't give argument to non-function " + args.getFirst());
        }
    }

    private Object evalVariable(Object dot, VariableNode v, List<Node> args, Object fin) {
        Object value = variable(v.ident().getFirst());
        if (v.ident().size() == 1) {
            notAFunction(args, fin);
            return value;
        }
        return evalFieldChain(dot, value, v, v.ident().subList(1, v.ident().size()), args, fin);
    }

    private Object evalFieldChain(Object dot, Object receiver, Node n, List<String> ident, List<Node> args,
                                  Object fin) {
        int last = ident.size() - 1;
        for (int i = 0; i < last; i++) {
            receiver = evalField(dot, ident.get(i), n, List.of(), MISSING, receiver);
        }
        return evalField(dot, ident.get(last), n, args, fin, receiver);
    }

    private Object evalField(Object dot, String name, Node n, List<Node> args, Object fin, Object receiver) {
        node = n;
        if (receiver == null || receiver == NO_VALUE) {
            if (set.missingKey() == Template.MissingKey.ERROR) {
                throw error("nil data; no entry for key \"" + name + "\"");
            }
            return NO_VALUE;
        }
        boolean hasArgs = args.size() > 1 || fin != MISSING;
        if (receiver instanceof TemplateObject object) {
            List<Object> values = new ArrayList<>();
            for (int i = 1; i < args.size(); i++) {
                values.add(evalArg(dot, args.get(i)));
            }
            if (fin != MISSING) {
                values.add(fin);
            }
            node = n;
            Object result;
            try {
                result = object.field(name, values);
            } catch (IllegalArgumentException e) {
                throw error("error calling " + name + ": " + e.getMessage(), e);
            }
            if (result != TemplateObject.NO_FIELD) {
                return result;
            }
        }
        if (receiver instanceof Map<?, ?> map) {
            if (hasArgs) {
                throw error(name + " is not a method but has arguments");
            }
            if (map.containsKey(name)) {
                return map.get(name);
            }
            if (receiver instanceof KV) {
                return "";
            }
            return switch (set.missingKey()) {
                case DEFAULT -> NO_VALUE;
                case ZERO -> null;
                case ERROR -> throw error("map has no entry for key \"" + name + "\"");
            };
        }
        if (hasArgs && receiver instanceof TemplateObject) {
            throw error(name + " has arguments but cannot be invoked as function");
        }
        throw error("can't evaluate field " + name + " in type " + GoFmt.typeName(receiver));
    }

    /** {@code at} is the node errors name: the whole command, as Go reports {@code <lt 1 1.5>}. */
    private Object evalFunction(Object dot, IdentifierNode id, Node at, List<Node> args, Object fin) {
        node = id;
        String name = id.name();
        if (name.equals("and") || name.equals("or")) {
            List<Node> operands = args.subList(1, args.size());
            if (operands.isEmpty() && fin == MISSING) {
                throw error("wrong number of args for " + name + ": want at least 1 got 0");
            }
            Object value = null;
            int count = operands.size() + (fin != MISSING ? 1 : 0);
            for (int i = 0; i < count; i++) {
                value = i < operands.size() ? evalArg(dot, operands.get(i)) : fin;
                boolean truth = isTrue(value);
                if (name.equals("and") != truth) {
                    return value;
                }
            }
            return value;
        }
        TemplateFunction function = set.function(name);
        if (function == null) {
            throw error("\"" + name + "\" is not a defined function");
        }
        List<Object> values = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            values.add(evalArg(dot, args.get(i)));
        }
        if (fin != MISSING) {
            values.add(fin);
        }
        node = at;
        return call(name, function, values);
    }

    Object call(String name, TemplateFunction function, List<Object> values) {
        try {
            if (function instanceof Builtins.Call) {
                return Builtins.call(this, values);
            }
            return function.call(values);
        } catch (TemplateException e) {
            throw e;
        } catch (Exception e) {
            throw error("error calling " + name + ": " + e.getMessage(), e);
        }
    }

    private Object evalArg(Object dot, Node n) {
        node = n;
        return switch (n) {
            case DotNode d -> dot;
            case NilNode nil -> null;
            case FieldNode f -> evalFieldChain(dot, dot, f, f.ident(), List.of(n), MISSING);
            case VariableNode v -> evalVariable(dot, v, List.of(n), MISSING);
            case PipeNode p -> evalPipeline(dot, p);
            case IdentifierNode id -> evalFunction(dot, id, id, List.of(n), MISSING);
            case ChainNode c -> evalFieldChain(dot, evalArg(dot, c.node()), c, c.fields(), List.of(n), MISSING);
            case BoolNode b -> b.value();
            case NumberNode num -> num.value();
            case StringNode s -> s.value();
            default -> throw error("can't handle " + n + " for arg");
        };
    }

    // ---------------------------------------------------------------- Go semantics

    /** Go's template truth: false, 0, nil, an empty string, list or map are false; everything else is true. */
    static boolean isTrue(Object v) {
        return switch (v) {
            case null -> false;
            case Boolean b -> b;
            case String s -> !s.isEmpty();
            case Long l -> l != 0;
            case Integer i -> i != 0;
            case Double d -> d != 0;
            case Collection<?> c -> !c.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            case Object[] a -> a.length > 0;
            case GoDuration d -> d.nanos() != 0;
            default -> v != NO_VALUE;
        };
    }

    /** Map entries in Go's order for printing and ranging: keys sorted (numbers by value, strings by bytes). */
    @SuppressWarnings("unchecked")
    static List<Map.Entry<?, ?>> sortedEntries(Map<?, ?> map) {
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        entries.sort((Comparator<Map.Entry<?, ?>>) (a, b) -> compareKeys(a.getKey(), b.getKey()));
        return entries;
    }

    private static int compareKeys(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof String x && b instanceof String y) {
            return compareBytes(x, y);
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    /** Go compares strings by their UTF-8 bytes, which is code point order (not Java's UTF-16 order). */
    static int compareBytes(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
