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
import io.fluxtap.alerting.template.Node.Marker;
import io.fluxtap.alerting.template.Node.NilNode;
import io.fluxtap.alerting.template.Node.NumberNode;
import io.fluxtap.alerting.template.Node.PipeNode;
import io.fluxtap.alerting.template.Node.StringNode;
import io.fluxtap.alerting.template.Node.TemplateCallNode;
import io.fluxtap.alerting.template.Node.TextNode;
import io.fluxtap.alerting.template.Node.VariableNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Go's text/template lexer and parser: one template text to its trees (the main one and each define/block). */
final class Parser {

    enum T { TEXT, LEFT, RIGHT, SPACE, IDENT, KEYWORD, FIELD, VARIABLE, DOT, STRING, NUMBER, CHAR, BOOL, NIL,
        LPAREN, RPAREN, PIPE, DECLARE, ASSIGN, COMMA, EOF }

    record Token(T type, String val, int pos) {
        String describe() {
            return switch (type) {
                case EOF -> "EOF";
                case RIGHT -> "\"}}\"";
                case SPACE -> "space";
                case KEYWORD -> "<" + val + ">";
                default -> "\"" + val + "\"";
            };
        }
    }

    private static final Set<String> KEYWORDS = Set.of("if", "else", "end", "range", "with", "define", "template",
            "block", "break", "continue");

    private final String name;
    private final String text;
    private final Predicate<String> isFunction;
    private final List<Token> tokens = new ArrayList<>();
    private int at;
    private final List<String> vars = new ArrayList<>();
    private int rangeDepth;
    /**
     * Nesting of controls and parentheses. Go bounds it at 10000; Java's default thread stack overflows well
     * before that (in the parser or the executor), and real templates nest a handful of levels, so 100.
     */
    private int depth;
    static final int MAX_DEPTH = 100;
    private final Map<String, ListNode> trees = new LinkedHashMap<>();

    private Parser(String name, String text, Predicate<String> isFunction) {
        this.name = name;
        this.text = text;
        this.isFunction = isFunction;
    }

    /** The trees of {@code text}: its own under {@code name} first, then its definitions in order. */
    static Map<String, ListNode> parse(String name, String text, Predicate<String> isFunction) {
        Parser p = new Parser(name, text, isFunction);
        p.lex();
        ListNode root = p.root();
        Map<String, ListNode> result = new LinkedHashMap<>();
        result.put(name, root);
        p.trees.forEach((k, v) -> {
            if (!k.equals(name) || !isEmpty(v)) {
                result.put(k, v);
            }
        });
        return result;
    }

    /** A tree of only text that is whitespace: Go lets it not replace an existing definition. */
    static boolean isEmpty(ListNode list) {
        for (Node n : list.nodes()) {
            if (!(n instanceof TextNode t) || !t.text().isBlank()) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- lexer

    private TemplateException lexError(int pos, String message) {
        return new TemplateException("template: " + name + ":" + line(pos) + ": " + message);
    }

    private int line(int pos) {
        int line = 1;
        for (int i = 0; i < pos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isAlnum(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private void emit(T type, String val, int pos) {
        tokens.add(new Token(type, val, pos));
    }

    private void lex() {
        int pos = 0;
        int n = text.length();
        while (pos < n) {
            int left = text.indexOf("{{", pos);
            if (left < 0) {
                emit(T.TEXT, text.substring(pos), pos);
                pos = n;
                break;
            }
            boolean trimLeft = left + 3 < n && text.charAt(left + 2) == '-' && isSpace(text.charAt(left + 3));
            int textEnd = left;
            if (trimLeft) {
                while (textEnd > pos && isSpace(text.charAt(textEnd - 1))) {
                    textEnd--;
                }
            }
            if (textEnd > pos) {
                emit(T.TEXT, text.substring(pos, textEnd), pos);
            }
            int inside = left + (trimLeft ? 4 : 2);
            if (text.startsWith("/*", inside)) {
                int close = text.indexOf("*/", inside + 2);
                if (close < 0) {
                    throw lexError(left, "unclosed comment");
                }
                int after = close + 2;
                boolean trimRight = false;
                if (after + 3 < n + 0 && isSpace(text.charAt(after)) && text.startsWith("-}}", after + 1)) {
                    trimRight = true;
                    after += 4;
                } else if (text.startsWith("}}", after)) {
                    after += 2;
                } else {
                    throw lexError(left, "comment ends before closing delimiter");
                }
                pos = trimRight ? skipSpace(after) : after;
                continue;
            }
            emit(T.LEFT, "{{", left);
            pos = lexAction(trimLeft ? left + 3 : left + 2, left);
        }
        emit(T.EOF, "", n);
    }

    private int skipSpace(int pos) {
        while (pos < text.length() && isSpace(text.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    /** Lexes one action's insides from {@code pos}; returns the offset after its closing delimiter. */
    private int lexAction(int pos, int start) {
        int n = text.length();
        int parens = 0;
        while (true) {
            if (pos >= n) {
                throw lexError(start, "unclosed action");
            }
            char c = text.charAt(pos);
            if (isSpace(c)) {
                int end = pos;
                while (end < n && isSpace(text.charAt(end))) {
                    end++;
                }
                if (text.startsWith("-}}", end) && end > pos) {
                    if (parens > 0) {
                        throw lexError(pos, "unclosed left paren");
                    }
                    emit(T.RIGHT, "}}", end);
                    return skipSpace(end + 3);
                }
                emit(T.SPACE, text.substring(pos, end), pos);
                pos = end;
                continue;
            }
            if (text.startsWith("}}", pos)) {
                if (parens > 0) {
                    throw lexError(pos, "unclosed left paren");
                }
                emit(T.RIGHT, "}}", pos);
                return pos + 2;
            }
            switch (c) {
                case '"' -> pos = lexQuote(pos, '"', T.STRING, "unterminated quoted string");
                case '`' -> {
                    int close = text.indexOf('`', pos + 1);
                    if (close < 0) {
                        throw lexError(pos, "unterminated raw quoted string");
                    }
                    emit(T.STRING, text.substring(pos, close + 1), pos);
                    pos = close + 1;
                }
                case '\'' -> pos = lexQuote(pos, '\'', T.CHAR, "unterminated character constant");
                case '$' -> {
                    int end = pos + 1;
                    while (end < n && isAlnum(text.charAt(end))) {
                        end++;
                    }
                    emit(T.VARIABLE, text.substring(pos, end), pos);
                    pos = end;
                }
                case '.' -> {
                    if (pos + 1 < n && Character.isDigit(text.charAt(pos + 1))) {
                        pos = lexNumber(pos);
                    } else if (pos + 1 < n && isAlnum(text.charAt(pos + 1))) {
                        int end = pos + 1;
                        while (end < n && isAlnum(text.charAt(end))) {
                            end++;
                        }
                        emit(T.FIELD, text.substring(pos, end), pos);
                        pos = end;
                    } else {
                        emit(T.DOT, ".", pos);
                        pos++;
                    }
                }
                case '(' -> {
                    parens++;
                    emit(T.LPAREN, "(", pos++);
                }
                case ')' -> {
                    parens--;
                    if (parens < 0) {
                        throw lexError(pos, "unexpected right paren");
                    }
                    emit(T.RPAREN, ")", pos++);
                }
                case '|' -> emit(T.PIPE, "|", pos++);
                case ',' -> emit(T.COMMA, ",", pos++);
                case '=' -> emit(T.ASSIGN, "=", pos++);
                case ':' -> {
                    if (pos + 1 < n && text.charAt(pos + 1) == '=') {
                        emit(T.DECLARE, ":=", pos);
                        pos += 2;
                    } else {
                        throw lexError(pos, "expected :=");
                    }
                }
                default -> {
                    if (c == '+' || c == '-' || Character.isDigit(c)) {
                        pos = lexNumber(pos);
                    } else if (isAlnum(c)) {
                        int end = pos;
                        while (end < n && isAlnum(text.charAt(end))) {
                            end++;
                        }
                        String word = text.substring(pos, end);
                        T type = KEYWORDS.contains(word) ? T.KEYWORD
                                : word.equals("true") || word.equals("false") ? T.BOOL
                                : word.equals("nil") ? T.NIL : T.IDENT;
                        emit(type, word, pos);
                        pos = end;
                    } else {
                        // Go's %#U: the character itself only when it is printable.
                        boolean printable = !Character.isISOControl(c) && !Character.isSpaceChar(c)
                                && Character.isDefined(c);
                        throw lexError(pos, String.format("unrecognized character in action: U+%04X", (int) c)
                                + (printable ? " '" + c + "'" : ""));
                    }
                }
            }
        }
    }

    private int lexQuote(int pos, char quote, T type, String unterminated) {
        int i = pos + 1;
        while (true) {
            if (i >= text.length() || text.charAt(i) == '\n') {
                throw lexError(pos, unterminated);
            }
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == quote) {
                break;
            }
            i++;
        }
        emit(type, text.substring(pos, i + 1), pos);
        return i + 1;
    }

    private int lexNumber(int pos) {
        int end = pos;
        int n = text.length();
        if (end < n && (text.charAt(end) == '+' || text.charAt(end) == '-')) {
            end++;
        }
        String digits = "0123456789_";
        if (text.startsWith("0x", end) || text.startsWith("0X", end)) {
            end += 2;
            digits = "0123456789abcdefABCDEF_";
        } else if (text.startsWith("0o", end) || text.startsWith("0O", end)) {
            end += 2;
            digits = "01234567_";
        } else if (text.startsWith("0b", end) || text.startsWith("0B", end)) {
            end += 2;
            digits = "01_";
        }
        while (end < n && digits.indexOf(text.charAt(end)) >= 0) {
            end++;
        }
        if (end < n && text.charAt(end) == '.') {
            end++;
            while (end < n && digits.indexOf(text.charAt(end)) >= 0) {
                end++;
            }
        }
        boolean hex = digits.contains("f");
        if (end < n && (hex ? "pP" : "eE").indexOf(text.charAt(end)) >= 0) {
            end++;
            if (end < n && (text.charAt(end) == '+' || text.charAt(end) == '-')) {
                end++;
            }
            while (end < n && Character.isDigit(text.charAt(end))) {
                end++;
            }
        }
        if (end < n && isAlnum(text.charAt(end)) || end == pos + 1 && !Character.isDigit(text.charAt(pos))) {
            int bad = end;
            while (bad < n && isAlnum(text.charAt(bad))) {
                bad++;
            }
            throw lexError(pos, "bad number syntax: \"" + text.substring(pos, Math.max(bad, pos + 1)) + "\"");
        }
        emit(T.NUMBER, text.substring(pos, end), pos);
        return end;
    }

    // ---------------------------------------------------------------- parser

    private TemplateException error(Token at, String message) {
        return new TemplateException("template: " + name + ":" + line(at.pos()) + ": " + message);
    }

    private Token next() {
        return tokens.get(at++);
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token nextNonSpace() {
        Token t = next();
        while (t.type() == T.SPACE) {
            t = next();
        }
        return t;
    }

    private Token peekNonSpace() {
        int save = at;
        Token t = nextNonSpace();
        at = save;
        return t;
    }

    private Token expect(T type, String context) {
        Token t = nextNonSpace();
        if (t.type() != type) {
            throw unexpected(t, context);
        }
        return t;
    }

    private TemplateException unexpected(Token t, String context) {
        if (t.type() == T.EOF) {
            return error(t, "unexpected EOF in " + context);
        }
        return error(t, "unexpected " + t.describe() + " in " + context);
    }

    private ListNode root() {
        vars.clear();
        vars.add("$");
        List<Node> nodes = new ArrayList<>();
        while (peek().type() != T.EOF) {
            if (peek().type() == T.LEFT) {
                int save = at;
                next();
                Token word = nextNonSpace();
                if (word.type() == T.KEYWORD && word.val().equals("define")) {
                    definition();
                    continue;
                }
                at = save;
            }
            Node n = textOrAction();
            if (n instanceof Marker m) {
                throw lexError(m.pos(), "unexpected " + m.describe());
            }
            nodes.add(n);
        }
        return new ListNode(0, nodes);
    }

    private void definition() {
        Token nameToken = expect(T.STRING, "define clause");
        String defName = unquote(nameToken);
        expect(T.RIGHT, "define clause");
        List<String> saved = new ArrayList<>(vars);
        vars.clear();
        vars.add("$");
        int savedDepth = rangeDepth;
        rangeDepth = 0;
        ListNode body = itemList("define");
        vars.clear();
        vars.addAll(saved);
        rangeDepth = savedDepth;
        add(defName, body);
    }

    private void add(String defName, ListNode body) {
        ListNode old = trees.get(defName);
        if (old == null || !isEmpty(body)) {
            trees.put(defName, body);
        }
    }

    /** Nodes up to {{end}} (consumed); {{else}} is an error here. */
    private ListNode itemList(String context) {
        Items items = items();
        if (!items.end.kind().equals("end")) {
            throw lexError(items.end.pos(), "unexpected " + items.end.describe() + " in " + context);
        }
        return items.list;
    }

    private record Items(ListNode list, Marker end) {
    }

    private Items items() {
        List<Node> nodes = new ArrayList<>();
        int pos = peek().pos();
        while (peekNonSpace().type() != T.EOF) {
            Node n = textOrAction();
            if (n instanceof Marker m) {
                return new Items(new ListNode(pos, nodes), m);
            }
            nodes.add(n);
        }
        throw error(peek(), "unexpected EOF");
    }

    private Node textOrAction() {
        Token t = nextNonSpace();
        return switch (t.type()) {
            case TEXT -> new TextNode(t.pos(), t.val());
            case LEFT -> action();
            default -> throw unexpected(t, "input");
        };
    }

    private Node action() {
        Token t = nextNonSpace();
        if (t.type() == T.KEYWORD) {
            switch (t.val()) {
                case "block":
                    return block(t);
                case "break":
                case "continue":
                    if (rangeDepth == 0) {
                        throw error(t, "{{" + t.val() + "}} outside {{range}}");
                    }
                    expect(T.RIGHT, t.val());
                    return t.val().equals("break") ? new BreakNode(t.pos()) : new ContinueNode(t.pos());
                case "else":
                    Token after = peekNonSpace();
                    if (!(after.type() == T.KEYWORD && (after.val().equals("if") || after.val().equals("with")))) {
                        expect(T.RIGHT, "else");
                    }
                    return new Marker(t.pos(), "else");
                case "end":
                    expect(T.RIGHT, "end");
                    return new Marker(t.pos(), "end");
                case "if":
                case "range":
                case "with":
                    return control(t);
                case "template":
                    return templateCall(t, "template clause");
                default:
                    throw unexpected(t, "command");
            }
        }
        at--;
        Token start = peek();
        return new ActionNode(start.pos(), pipeline("command", T.RIGHT));
    }

    private void enter(Token at) {
        if (++depth > MAX_DEPTH) {
            throw error(at, "max expression depth exceeded");
        }
    }

    private Node control(Token keyword) {
        enter(keyword);
        try {
            return controlBody(keyword);
        } finally {
            depth--;
        }
    }

    private Node controlBody(Token keyword) {
        int varsSize = vars.size();
        String kind = keyword.val();
        PipeNode pipe = pipeline(kind, T.RIGHT);
        if (kind.equals("range")) {
            rangeDepth++;
        }
        Items items = items();
        if (kind.equals("range")) {
            rangeDepth--;
        }
        ListNode elseList = null;
        if (items.end.kind().equals("else")) {
            Token after = peekNonSpace();
            if (!kind.equals("range") && after.type() == T.KEYWORD && after.val().equals(kind)) {
                // {{else if}} / {{else with}}: a nested control that consumes the shared {{end}}.
                Token nested = nextNonSpace();
                elseList = new ListNode(nested.pos(), List.of(control(nested)));
            } else {
                Items rest = items();
                if (!rest.end.kind().equals("end")) {
                    throw lexError(rest.end.pos(), "expected end; found " + rest.end.describe());
                }
                elseList = rest.list;
            }
        }
        while (vars.size() > varsSize) {
            vars.removeLast();
        }
        return new BranchNode(keyword.pos(), kind, pipe, items.list, elseList);
    }

    private Node templateCall(Token keyword, String context) {
        Token nameToken = nextNonSpace();
        if (nameToken.type() != T.STRING) {
            throw unexpected(nameToken, context);
        }
        String callName = unquote(nameToken);
        PipeNode pipe = null;
        if (peekNonSpace().type() != T.RIGHT) {
            pipe = pipeline(context, T.RIGHT);
        } else {
            expect(T.RIGHT, context);
        }
        return new TemplateCallNode(keyword.pos(), callName, pipe);
    }

    private Node block(Token keyword) {
        TemplateCallNode call = (TemplateCallNode) templateCall(keyword, "block clause");
        List<String> saved = new ArrayList<>(vars);
        vars.clear();
        vars.add("$");
        ListNode body = itemList("block clause");
        vars.clear();
        vars.addAll(saved);
        add(call.name(), body);
        return call;
    }

    private PipeNode pipeline(String context, T end) {
        Token first = peekNonSpace();
        List<String> decl = new ArrayList<>();
        boolean assign = false;
        if (first.type() == T.VARIABLE) {
            int save = at;
            nextNonSpace();
            Token op = nextNonSpace();
            if (op.type() == T.DECLARE || op.type() == T.ASSIGN) {
                assign = op.type() == T.ASSIGN;
                if (assign && !vars.contains(first.val())) {
                    throw error(first, "undefined variable \"" + first.val() + "\"");
                }
                decl.add(first.val());
            } else if (op.type() == T.COMMA && context.equals("range")) {
                Token second = nextNonSpace();
                Token op2 = nextNonSpace();
                if (second.type() != T.VARIABLE || op2.type() != T.DECLARE && op2.type() != T.ASSIGN) {
                    throw error(second, "range can only initialize variables");
                }
                assign = op2.type() == T.ASSIGN;
                decl.add(first.val());
                decl.add(second.val());
            } else {
                at = save;
            }
        }
        List<CommandNode> cmds = new ArrayList<>();
        while (true) {
            Token t = nextNonSpace();
            if (t.type() == end) {
                if (cmds.isEmpty()) {
                    throw error(t, "missing value for " + context);
                }
                for (int i = 1; i < cmds.size(); i++) {
                    Node head = cmds.get(i).args().getFirst();
                    if (head instanceof BoolNode || head instanceof DotNode || head instanceof NilNode
                            || head instanceof NumberNode || head instanceof StringNode) {
                        throw error(t, "non executable command in pipeline stage " + (i + 1));
                    }
                }
                break;
            }
            switch (t.type()) {
                case BOOL, CHAR, DOT, FIELD, IDENT, NUMBER, NIL, STRING, VARIABLE, LPAREN -> {
                    at--;
                    cmds.add(command());
                }
                default -> throw unexpected(t, context);
            }
        }
        // Declared after the pipeline so {{$x := $x}} reads the outer one, as Go does.
        if (!assign) {
            vars.addAll(decl);
        }
        return new PipeNode(first.pos(), assign, List.copyOf(decl), List.copyOf(cmds));
    }

    private CommandNode command() {
        List<Node> args = new ArrayList<>();
        int pos = peekNonSpace().pos();
        while (true) {
            peekNonSpace();
            Node operand = operand();
            if (operand != null) {
                args.add(operand);
            }
            Token t = next();
            switch (t.type()) {
                case SPACE -> {
                    continue;
                }
                case RIGHT, RPAREN -> at--;
                case PIPE -> {
                }
                default -> throw error(t, "unexpected " + t.describe() + " in operand");
            }
            break;
        }
        if (args.isEmpty()) {
            throw error(peek(), "empty command");
        }
        return new CommandNode(pos, List.copyOf(args));
    }

    private Node operand() {
        Node node = term();
        if (node == null) {
            return null;
        }
        if (peek().type() == T.FIELD) {
            List<String> fields = new ArrayList<>();
            while (peek().type() == T.FIELD) {
                fields.add(next().val().substring(1));
            }
            if (node instanceof FieldNode f) {
                List<String> all = new ArrayList<>(f.ident());
                all.addAll(fields);
                return new FieldNode(f.pos(), List.copyOf(all));
            }
            if (node instanceof VariableNode v) {
                List<String> all = new ArrayList<>(v.ident());
                all.addAll(fields);
                return new VariableNode(v.pos(), List.copyOf(all));
            }
            if (node instanceof BoolNode || node instanceof StringNode || node instanceof NumberNode
                    || node instanceof NilNode || node instanceof DotNode) {
                throw error(peek(), "unexpected . after term \"" + node + "\"");
            }
            return new ChainNode(node.pos(), node, List.copyOf(fields));
        }
        return node;
    }

    private Node term() {
        Token t = nextNonSpace();
        switch (t.type()) {
            case IDENT:
                if (!isFunction.test(t.val())) {
                    throw error(t, "function \"" + t.val() + "\" not defined");
                }
                return new IdentifierNode(t.pos(), t.val());
            case DOT:
                return new DotNode(t.pos());
            case NIL:
                return new NilNode(t.pos());
            case VARIABLE:
                if (!vars.contains(t.val())) {
                    throw error(t, "undefined variable \"" + t.val() + "\"");
                }
                return new VariableNode(t.pos(), List.of(t.val()));
            case FIELD:
                return new FieldNode(t.pos(), List.of(t.val().substring(1)));
            case BOOL:
                return new BoolNode(t.pos(), t.val().equals("true"));
            case CHAR:
                return charNode(t);
            case NUMBER:
                return number(t);
            case LPAREN:
                enter(t);
                try {
                    return pipeline("parenthesized pipeline", T.RPAREN);
                } finally {
                    depth--;
                }
            case STRING:
                return new StringNode(t.pos(), t.val(), unquote(t));
            default:
                at--;
                return null;
        }
    }

    private Node charNode(Token t) {
        String body = t.val().substring(1, t.val().length() - 1);
        String value;
        try {
            value = GoStrings.unescape(body, '\'');
        } catch (IllegalArgumentException e) {
            throw error(t, "malformed character constant: " + t.val());
        }
        if (value.codePointCount(0, value.length()) != 1) {
            throw error(t, "malformed character constant: " + t.val());
        }
        return new NumberNode(t.pos(), (long) value.codePointAt(0), t.val());
    }

    private Node number(Token t) {
        String s = t.val().replace("_", "");
        boolean negative = s.startsWith("-");
        String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        String lower = body.toLowerCase();
        try {
            if (lower.startsWith("0x") && !lower.contains("p") && !lower.contains(".")) {
                long v = Long.parseUnsignedLong(body.substring(2), 16);
                return new NumberNode(t.pos(), negative ? -v : v, t.val());
            }
            if (lower.startsWith("0o") || lower.startsWith("0b")) {
                long v = Long.parseLong(body.substring(2), lower.charAt(1) == 'o' ? 8 : 2);
                return new NumberNode(t.pos(), negative ? -v : v, t.val());
            }
            if (lower.startsWith("0x")) {
                double v = Double.parseDouble(body + (lower.contains("p") ? "" : "p0"));
                return new NumberNode(t.pos(), negative ? -v : v, t.val());
            }
            if (lower.contains(".") || lower.contains("e")) {
                double v = Double.parseDouble(body);
                return new NumberNode(t.pos(), negative ? -v : v, t.val());
            }
            if (body.length() > 1 && body.startsWith("0")) {
                long v = Long.parseLong(body, 8);
                return new NumberNode(t.pos(), negative ? -v : v, t.val());
            }
            return new NumberNode(t.pos(), Long.parseLong(s.startsWith("+") ? body : s), t.val());
        } catch (NumberFormatException e) {
            throw error(t, "bad number syntax: \"" + t.val() + "\"");
        }
    }

    private String unquote(Token t) {
        String v = t.val();
        if (v.startsWith("`")) {
            return v.substring(1, v.length() - 1).replace("\r", "");
        }
        try {
            return GoStrings.unescape(v.substring(1, v.length() - 1), '"');
        } catch (IllegalArgumentException e) {
            throw error(t, "invalid syntax in string " + v);
        }
    }
}
