package io.fluxtap.alerting.template;

import java.util.List;
import java.util.stream.Collectors;

/** The parse tree of Go's {@code text/template/parse}; {@code pos} is the offset in the template's text. */
sealed interface Node {

    int pos();

    record ListNode(int pos, List<Node> nodes) implements Node {
    }

    record TextNode(int pos, String text) implements Node {
    }

    record ActionNode(int pos, PipeNode pipe) implements Node {
        @Override
        public String toString() {
            return "{{" + pipe + "}}";
        }
    }

    record PipeNode(int pos, boolean assign, List<String> decl, List<CommandNode> cmds) implements Node {
        @Override
        public String toString() {
            String head = decl.isEmpty() ? "" : String.join(", ", decl) + (assign ? " = " : " := ");
            return head + cmds.stream().map(Object::toString).collect(Collectors.joining(" | "));
        }
    }

    record CommandNode(int pos, List<Node> args) implements Node {
        @Override
        public String toString() {
            return args.stream().map(a -> a instanceof PipeNode ? "(" + a + ")" : a.toString())
                    .collect(Collectors.joining(" "));
        }
    }

    record FieldNode(int pos, List<String> ident) implements Node {
        @Override
        public String toString() {
            return ident.stream().map(i -> "." + i).collect(Collectors.joining());
        }
    }

    /** {@code $x.A.B}: ident.get(0) is the variable's name with its {@code $}. */
    record VariableNode(int pos, List<String> ident) implements Node {
        @Override
        public String toString() {
            return String.join(".", ident);
        }
    }

    /** {@code (pipeline).A.B}. */
    record ChainNode(int pos, Node node, List<String> fields) implements Node {
        @Override
        public String toString() {
            String base = node instanceof PipeNode ? "(" + node + ")" : node.toString();
            return base + fields.stream().map(f -> "." + f).collect(Collectors.joining());
        }
    }

    record IdentifierNode(int pos, String name) implements Node {
        @Override
        public String toString() {
            return name;
        }
    }

    record DotNode(int pos) implements Node {
        @Override
        public String toString() {
            return ".";
        }
    }

    record NilNode(int pos) implements Node {
        @Override
        public String toString() {
            return "nil";
        }
    }

    record BoolNode(int pos, boolean value) implements Node {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /** value is a Long (Go int) or a Double (Go float64), as Go's {@code idealConstant} picks. */
    record NumberNode(int pos, Object value, String text) implements Node {
        @Override
        public String toString() {
            return text;
        }
    }

    record StringNode(int pos, String quoted, String value) implements Node {
        @Override
        public String toString() {
            return quoted;
        }
    }

    /** if, range and with; elseList may be null. For range, breakable is true. */
    record BranchNode(int pos, String kind, PipeNode pipe, ListNode list, ListNode elseList) implements Node {
        @Override
        public String toString() {
            return "{{" + kind + " " + pipe + "}}";
        }
    }

    record TemplateCallNode(int pos, String name, PipeNode pipe) implements Node {
        @Override
        public String toString() {
            return "{{template " + GoStrings.quote(name) + (pipe == null ? "" : " " + pipe) + "}}";
        }
    }

    record BreakNode(int pos) implements Node {
    }

    record ContinueNode(int pos) implements Node {
    }

    /** {{end}} and {{else}} while parsing; never in a finished tree. */
    record Marker(int pos, String kind) implements Node {
        String describe() {
            return "{{" + kind + "}}";
        }
    }
}
