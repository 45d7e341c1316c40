package io.fluxtap.storage.promql.parse;

import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.parse.Expr.Aggregate;
import io.fluxtap.storage.promql.parse.Expr.At;
import io.fluxtap.storage.promql.parse.Expr.Binary;
import io.fluxtap.storage.promql.parse.Expr.Call;
import io.fluxtap.storage.promql.parse.Expr.MatrixSelector;
import io.fluxtap.storage.promql.parse.Expr.NumberLiteral;
import io.fluxtap.storage.promql.parse.Expr.Paren;
import io.fluxtap.storage.promql.parse.Expr.StringLiteral;
import io.fluxtap.storage.promql.parse.Expr.Subquery;
import io.fluxtap.storage.promql.parse.Expr.Unary;
import io.fluxtap.storage.promql.parse.Expr.VectorMatching;
import io.fluxtap.storage.promql.parse.Expr.VectorSelector;
import io.fluxtap.storage.promql.series.LabelMatcher;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recursive-descent PromQL parser with Prometheus' operator precedence and type checks. Errors are
 * {@link PromqlException}s of type bad_data worded as Prometheus words them.
 */
public final class Parser {

    /**
     * The deepest expression the parser accepts, counted both as the parser's own recursion and as the depth of
     * the tree it builds (a long {@code a or b or c ...} chain nests without recursing). Everything that walks a
     * tree recursively (the parser, series loading, evaluation) is bounded by it: measured cold (interpreted
     * frames, the worst case), parsing and evaluating the costliest shapes ({@code topk(1, topk(1, ...))},
     * nested subqueries) overflow a 512 KiB stack at about 360 levels and a 1 MiB stack at about 840.
     * Prometheus has no such limit (Go stacks grow); queries people write nest a few dozen levels.
     */
    public static final int MAX_DEPTH = 256;

    private final String input;
    private final List<Token> tokens;
    private int index;
    /** How deep the parser's own recursion is. */
    private int depth;
    private final Map<Expr, Integer> depths = new IdentityHashMap<>();

    private Parser(String input) {
        this.input = input;
        this.tokens = Lexer.tokenize(input);
    }

    public static Expr parse(String input) {
        Parser parser = new Parser(input);
        if (parser.peek().kind() == Token.Kind.EOF) {
            throw ParseErrors.at(input, 0, "no expression found in input");
        }
        Expr expr = parser.expression(0);
        parser.expectEnd();
        return expr;
    }

    /** A bare series selector, as the {@code match[]} API parameter carries it. */
    public static List<LabelMatcher> parseSeriesSelector(String input) {
        Parser parser = new Parser(input);
        Expr expr = parser.parsePrimaryOnly();
        parser.expectEnd();
        if (!(expr instanceof VectorSelector vs) || vs.offsetMs() != 0 || vs.at() != null) {
            throw ParseErrors.at(input, 0, "expected type vector selector, got " + expr.type().description());
        }
        return vs.matchers();
    }

    private Expr parsePrimaryOnly() {
        return primary();
    }

    private void expectEnd() {
        Token t = peek();
        if (t.kind() != Token.Kind.EOF) {
            throw error(t, "unexpected " + t.describe());
        }
    }

    // ---- expressions ----

    private Expr expression(int minPrecedence) {
        if (++depth > MAX_DEPTH) {
            throw tooDeep(peek().pos());
        }
        try {
            Expr expr = binaryChain(minPrecedence);
            if (treeDepth(expr) > MAX_DEPTH) {
                throw tooDeep(expr.pos());
            }
            return expr;
        } finally {
            depth--;
        }
    }

    private PromqlException tooDeep(int offset) {
        return ParseErrors.at(input, offset, "expression nests deeper than the limit of " + MAX_DEPTH + " levels");
    }

    /**
     * The depth of a tree being built. Every expression's depth is remembered, so a chain that grows by one
     * operator at a time costs one step per operator, and the walk below an unremembered node ends within a few
     * levels (at the expressions it was made of).
     */
    private int treeDepth(Expr expr) {
        Integer known = depths.get(expr);
        if (known != null) {
            return known;
        }
        int deepest = 0;
        for (Expr child : children(expr)) {
            deepest = Math.max(deepest, treeDepth(child));
        }
        depths.put(expr, deepest + 1);
        return deepest + 1;
    }

    private static List<Expr> children(Expr expr) {
        return switch (expr) {
            case Paren p -> List.of(p.expr());
            case Unary u -> List.of(u.expr());
            case Subquery sq -> List.of(sq.expr());
            case MatrixSelector ms -> List.of(ms.selector());
            case Binary b -> List.of(b.lhs(), b.rhs());
            case Call c -> c.args();
            case Aggregate a -> a.param() == null ? List.of(a.expr()) : List.of(a.param(), a.expr());
            case NumberLiteral n -> List.of();
            case StringLiteral s -> List.of();
            case VectorSelector vs -> List.of();
        };
    }

    private Expr binaryChain(int minPrecedence) {
        Expr lhs = unary();
        while (true) {
            BinaryOp op = BinaryOp.of(peek());
            if (op == null || op.precedence() < minPrecedence) {
                return lhs;
            }
            Token opToken = advance();
            boolean returnBool = false;
            if (isKeyword(peek(), "bool")) {
                advance();
                returnBool = true;
            }
            Modifiers matching = matchingModifiers(op);
            int next = op == BinaryOp.POW ? op.precedence() : op.precedence() + 1;
            Expr rhs = expression(next);
            // Checked link by link: type checks of the new node walk down its left side.
            if (Math.max(treeDepth(lhs), treeDepth(rhs)) + 1 > MAX_DEPTH) {
                throw tooDeep(opToken.pos());
            }
            lhs = binary(op, opToken, lhs, rhs, returnBool, matching);
        }
    }

    /** The matching clause as written; {@code explicit} when on/ignoring appeared (only vectors may have it). */
    private record Modifiers(VectorMatching matching, boolean explicit) {
    }

    private Modifiers matchingModifiers(BinaryOp op) {
        boolean explicit = false;
        boolean on = false;
        List<String> labels = List.of();
        if (isKeyword(peek(), "on") || isKeyword(peek(), "ignoring")) {
            on = isKeyword(advance(), "on");
            labels = labelList();
            explicit = true;
        }
        VectorMatching.Cardinality card = op.isSetOperator() ? VectorMatching.Cardinality.MANY_TO_MANY
                : VectorMatching.Cardinality.ONE_TO_ONE;
        List<String> include = List.of();
        if (isKeyword(peek(), "group_left") || isKeyword(peek(), "group_right")) {
            Token g = advance();
            if (op.isSetOperator()) {
                throw error(g, "no grouping allowed for \"" + op.symbol() + "\" operation");
            }
            card = isKeyword(g, "group_left") ? VectorMatching.Cardinality.MANY_TO_ONE
                    : VectorMatching.Cardinality.ONE_TO_MANY;
            include = peek().kind() == Token.Kind.LEFT_PAREN ? labelList() : List.of();
            for (String l : include) {
                if (labels.contains(l) && on) {
                    throw error(g, "label \"" + l + "\" must not occur in ON and GROUP clause at once");
                }
            }
        }
        return new Modifiers(new VectorMatching(card, on, labels, include), explicit);
    }

    private Expr binary(BinaryOp op, Token opToken, Expr lhs, Expr rhs, boolean returnBool, Modifiers matching) {
        ValueType lt = lhs.type();
        ValueType rt = rhs.type();
        if (returnBool && !op.isComparison()) {
            throw error(opToken, "bool modifier can only be used on comparison operators");
        }
        if ((lt != ValueType.SCALAR && lt != ValueType.VECTOR) || (rt != ValueType.SCALAR && rt != ValueType.VECTOR)) {
            throw ParseErrors.at(input, lhs.pos(), "binary expression must contain only scalar and instant vector types");
        }
        if (op.isComparison() && !returnBool && lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
            throw ParseErrors.at(input, lhs.pos(), "comparisons between scalars must use BOOL modifier");
        }
        boolean bothVectors = lt == ValueType.VECTOR && rt == ValueType.VECTOR;
        if (op.isSetOperator() && !bothVectors) {
            throw ParseErrors.at(input, lhs.pos(),
                    "set operator \"" + op.symbol() + "\" not allowed in binary scalar expression");
        }
        if (!bothVectors && matching.explicit()) {
            throw ParseErrors.at(input, lhs.pos(), "vector matching only allowed between instant vectors");
        }
        return new Binary(op, lhs, rhs, returnBool, bothVectors ? matching.matching() : null, lhs.pos());
    }

    private Expr unary() {
        Token t = peek();
        if (t.kind() == Token.Kind.ADD || t.kind() == Token.Kind.SUB) {
            advance();
            // A unary sign binds like '*': looser than '^', tighter than everything else.
            Expr operand = expression(BinaryOp.POW.precedence());
            if (operand.type() != ValueType.SCALAR && operand.type() != ValueType.VECTOR) {
                throw error(t, "unary expression only allowed on expressions of type scalar or instant vector, got \""
                        + operand.type().description() + "\"");
            }
            boolean negate = t.kind() == Token.Kind.SUB;
            if (operand instanceof NumberLiteral n) {
                return new NumberLiteral(negate ? -n.value() : n.value(), t.pos());
            }
            return negate ? new Unary(true, operand, t.pos()) : operand;
        }
        return postfix(primary());
    }

    private Expr postfix(Expr expr) {
        while (true) {
            Token t = peek();
            if (t.kind() == Token.Kind.LEFT_BRACKET) {
                expr = rangeOrSubquery(expr);
            } else if (isKeyword(t, "offset")) {
                advance();
                expr = offset(expr, t, signedDuration());
            } else if (t.kind() == Token.Kind.AT) {
                advance();
                expr = at(expr, t, atValue());
            } else {
                return expr;
            }
        }
    }

    private Expr rangeOrSubquery(Expr expr) {
        Token open = advance();
        long range = duration();
        if (peek().kind() == Token.Kind.COLON) {
            advance();
            long step = 0;
            if (peek().kind() != Token.Kind.RIGHT_BRACKET) {
                step = duration();
            }
            expect(Token.Kind.RIGHT_BRACKET, "subquery selector");
            if (expr.type() != ValueType.VECTOR) {
                throw error(open, "subquery is only allowed on instant vector, got " + expr.type().description()
                        + " instead");
            }
            return new Subquery(expr, range, step, 0, null, expr.pos());
        }
        expect(Token.Kind.RIGHT_BRACKET, "matrix selector");
        if (!(expr instanceof VectorSelector vs)) {
            throw error(open, "ranges only allowed for vector selectors");
        }
        if (vs.offsetMs() != 0 || vs.at() != null) {
            throw error(open, "no offset or @ modifiers allowed before range");
        }
        return new MatrixSelector(vs, range, vs.pos());
    }

    private Expr offset(Expr expr, Token t, long offset) {
        return switch (expr) {
            case VectorSelector vs when vs.offsetMs() == 0 -> vs.withOffset(offset);
            case MatrixSelector ms when ms.selector().offsetMs() == 0 ->
                    new MatrixSelector(ms.selector().withOffset(offset), ms.rangeMs(), ms.pos());
            case Subquery sq when sq.offsetMs() == 0 ->
                    new Subquery(sq.expr(), sq.rangeMs(), sq.stepMs(), offset, sq.at(), sq.pos());
            case VectorSelector vs -> throw error(t, "offset may not be set multiple times");
            case MatrixSelector ms -> throw error(t, "offset may not be set multiple times");
            case Subquery sq -> throw error(t, "offset may not be set multiple times");
            default -> throw error(t,
                    "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        };
    }

    private Expr at(Expr expr, Token t, At at) {
        return switch (expr) {
            case VectorSelector vs when vs.at() == null -> vs.withAt(at);
            case MatrixSelector ms when ms.selector().at() == null ->
                    new MatrixSelector(ms.selector().withAt(at), ms.rangeMs(), ms.pos());
            case Subquery sq when sq.at() == null ->
                    new Subquery(sq.expr(), sq.rangeMs(), sq.stepMs(), sq.offsetMs(), at, sq.pos());
            case VectorSelector vs -> throw error(t, "@ <timestamp> may not be set multiple times");
            case MatrixSelector ms -> throw error(t, "@ <timestamp> may not be set multiple times");
            case Subquery sq -> throw error(t, "@ <timestamp> may not be set multiple times");
            default -> throw error(t,
                    "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        };
    }

    private At atValue() {
        Token t = peek();
        if (isKeyword(t, "start") || isKeyword(t, "end")) {
            advance();
            expect(Token.Kind.LEFT_PAREN, "@ modifier");
            expect(Token.Kind.RIGHT_PAREN, "@ modifier");
            return new At(isKeyword(t, "start") ? At.Kind.START : At.Kind.END, 0);
        }
        boolean negative = false;
        if (t.kind() == Token.Kind.SUB || t.kind() == Token.Kind.ADD) {
            negative = t.kind() == Token.Kind.SUB;
            advance();
        }
        Token n = advance();
        double seconds;
        if (n.kind() == Token.Kind.NUMBER) {
            seconds = parseNumber(n);
        } else if (n.kind() == Token.Kind.DURATION) {
            seconds = Durations.parse(n.text()) / 1000.0;
        } else {
            throw error(n, "unexpected " + n.describe() + " in @, expected timestamp");
        }
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            throw error(n, "timestamp out of bounds for @ modifier: " + seconds);
        }
        long ms = Math.round((negative ? -seconds : seconds) * 1000);
        return new At(At.Kind.TIME, ms);
    }

    private long signedDuration() {
        boolean negative = false;
        if (peek().kind() == Token.Kind.SUB || peek().kind() == Token.Kind.ADD) {
            negative = advance().kind() == Token.Kind.SUB;
        }
        long d = duration();
        return negative ? -d : d;
    }

    private long duration() {
        Token t = advance();
        if (t.kind() == Token.Kind.DURATION) {
            return Durations.parse(t.text());
        }
        if (t.kind() == Token.Kind.NUMBER) {
            double seconds = parseNumber(t);
            return Math.round(seconds * 1000);
        }
        throw error(t, "unexpected " + t.describe() + ", expected duration");
    }

    private Expr primary() {
        Token t = advance();
        switch (t.kind()) {
            case NUMBER:
                return new NumberLiteral(parseNumber(t), t.pos());
            case DURATION:
                return new NumberLiteral(Durations.parse(t.text()) / 1000.0, t.pos());
            case STRING:
                return new StringLiteral(t.text(), t.pos());
            case LEFT_PAREN: {
                Expr inner = expression(0);
                expect(Token.Kind.RIGHT_PAREN, "paren expression");
                return new Paren(inner, t.pos());
            }
            case LEFT_BRACE:
                return selector(null, t);
            case IDENTIFIER:
                return identifier(t);
            default:
                throw error(t, "unexpected " + t.describe());
        }
    }

    private Expr identifier(Token t) {
        String lower = t.text().toLowerCase(Locale.ROOT);
        Token next = peek();
        AggregateOp agg = AggregateOp.byKeyword(t.text());
        if (agg != null && (next.kind() == Token.Kind.LEFT_PAREN || isKeyword(next, "by") || isKeyword(next, "without"))) {
            return aggregate(agg, t);
        }
        if (next.kind() == Token.Kind.LEFT_PAREN && !t.text().contains(":")) {
            Function f = Function.byName(t.text());
            if (f == null) {
                throw error(t, "unknown function with name \"" + t.text() + "\"");
            }
            return call(f, t);
        }
        if (lower.equals("inf") || lower.equals("nan")) {
            return new NumberLiteral(lower.equals("inf") ? Double.POSITIVE_INFINITY : Double.NaN, t.pos());
        }
        if (BinaryOp.of(t) != null || isKeyword(t, "bool") || isKeyword(t, "by") || isKeyword(t, "without")
                || isKeyword(t, "on") || isKeyword(t, "ignoring") || isKeyword(t, "group_left")
                || isKeyword(t, "group_right") || isKeyword(t, "offset")) {
            throw error(t, "unexpected " + t.describe());
        }
        return selector(t.text(), next.kind() == Token.Kind.LEFT_BRACE ? advance() : null, t.pos());
    }

    private Expr selector(String name, Token brace) {
        return selector(name, brace, brace.pos());
    }

    private Expr selector(String name, Token brace, int pos) {
        List<LabelMatcher> matchers = new ArrayList<>();
        if (name != null) {
            matchers.add(new LabelMatcher(LabelMatcher.METRIC_NAME, LabelMatcher.Type.EQUAL, name));
        }
        if (brace != null) {
            while (peek().kind() != Token.Kind.RIGHT_BRACE) {
                Token label = advance();
                if (label.kind() == Token.Kind.STRING && (peek().kind() == Token.Kind.COMMA
                        || peek().kind() == Token.Kind.RIGHT_BRACE)) {
                    // Prometheus 3: a lone quoted string in braces is the metric name.
                    if (name != null) {
                        throw error(label, "metric name must not be set twice: \"" + name + "\" or \"" + label.text() + "\"");
                    }
                    name = label.text();
                    matchers.add(new LabelMatcher(LabelMatcher.METRIC_NAME, LabelMatcher.Type.EQUAL, name));
                } else {
                    if (label.kind() != Token.Kind.IDENTIFIER && label.kind() != Token.Kind.STRING) {
                        throw error(label, "unexpected " + label.describe() + " in label matching, expected label");
                    }
                    Token op = advance();
                    LabelMatcher.Type type = switch (op.kind()) {
                        case ASSIGN -> LabelMatcher.Type.EQUAL;
                        case NEQ -> LabelMatcher.Type.NOT_EQUAL;
                        case EQL_REGEX -> LabelMatcher.Type.REGEX;
                        case NEQ_REGEX -> LabelMatcher.Type.NOT_REGEX;
                        default -> throw error(op, "unexpected " + op.describe()
                                + " in label matching, expected one of \"=\", \"!=\", \"=~\" or \"!~\"");
                    };
                    Token value = advance();
                    if (value.kind() != Token.Kind.STRING) {
                        throw error(value, "unexpected " + value.describe() + " in label matching, expected string");
                    }
                    if (type == LabelMatcher.Type.REGEX || type == LabelMatcher.Type.NOT_REGEX) {
                        try {
                            Regexes.anchored(value.text());
                        } catch (com.google.re2j.PatternSyntaxException e) {
                            throw error(label, e.getMessage()); // Prometheus reports it at the matcher's label
                        }
                    }
                    if (name != null && label.text().equals(LabelMatcher.METRIC_NAME)) {
                        throw error(label, "metric name must not be set twice: \"" + name + "\" or \"" + value.text() + "\"");
                    }
                    matchers.add(new LabelMatcher(label.text(), type, value.text()));
                }
                if (peek().kind() == Token.Kind.COMMA) {
                    advance();
                } else if (peek().kind() != Token.Kind.RIGHT_BRACE) {
                    Token bad = peek();
                    throw error(bad, "unexpected " + bad.describe() + " in label matching, expected \",\" or \"}\"");
                }
            }
            advance();
        }
        boolean nonEmpty = false;
        for (LabelMatcher m : matchers) {
            if (!matchesEmpty(m)) {
                nonEmpty = true;
                break;
            }
        }
        if (!nonEmpty) {
            throw ParseErrors.at(input, pos, "vector selector must contain at least one non-empty matcher");
        }
        return new VectorSelector(name, matchers, 0, null, pos);
    }

    private static boolean matchesEmpty(LabelMatcher m) {
        return switch (m.type()) {
            case EQUAL -> m.value().isEmpty();
            case NOT_EQUAL -> !m.value().isEmpty();
            case REGEX -> Regexes.anchored(m.value()).matches("");
            case NOT_REGEX -> !Regexes.anchored(m.value()).matches("");
        };
    }

    private Expr call(Function f, Token name) {
        expect(Token.Kind.LEFT_PAREN, "function call");
        List<Expr> args = new ArrayList<>();
        if (peek().kind() != Token.Kind.RIGHT_PAREN) {
            while (true) {
                args.add(expression(0));
                if (peek().kind() == Token.Kind.COMMA) {
                    advance();
                    if (peek().kind() == Token.Kind.RIGHT_PAREN) {
                        break;
                    }
                } else {
                    break;
                }
            }
        }
        expect(Token.Kind.RIGHT_PAREN, "function call");
        int fixed = f.argTypes().size();
        int min = f.variadic() > 0 ? fixed - f.variadic() : f.variadic() < 0 ? fixed - 1 : fixed;
        if (args.size() < min || (f.variadic() >= 0 && args.size() > fixed)) {
            String expected = f.variadic() == 0 ? String.valueOf(fixed) : f.variadic() < 0 ? "at least " + min
                    : "at most " + fixed;
            if (f.variadic() > 0 && args.size() < min) {
                expected = "at least " + min;
            }
            throw error(name, "expected " + expected + " argument(s) in call to \"" + f.name() + "\", got " + args.size());
        }
        for (int i = 0; i < args.size(); i++) {
            ValueType want = f.argTypes().get(Math.min(i, fixed - 1));
            Expr arg = args.get(i);
            if (arg.type() != want) {
                throw ParseErrors.at(input, arg.pos(), "expected type " + want.description() + " in call to function \""
                        + f.name() + "\", got " + arg.type().description());
            }
        }
        return new Call(f, args, name.pos());
    }

    private Expr aggregate(AggregateOp op, Token name) {
        List<String> grouping = List.of();
        boolean without = false;
        boolean groupingSeen = false;
        if (isKeyword(peek(), "by") || isKeyword(peek(), "without")) {
            without = isKeyword(advance(), "without");
            grouping = labelList();
            groupingSeen = true;
        }
        expect(Token.Kind.LEFT_PAREN, "aggregation");
        List<Expr> args = new ArrayList<>();
        while (peek().kind() != Token.Kind.RIGHT_PAREN) {
            args.add(expression(0));
            if (peek().kind() == Token.Kind.COMMA) {
                advance();
            } else {
                break;
            }
        }
        expect(Token.Kind.RIGHT_PAREN, "aggregation");
        if (!groupingSeen && (isKeyword(peek(), "by") || isKeyword(peek(), "without"))) {
            without = isKeyword(advance(), "without");
            grouping = labelList();
        }
        int wanted = op.paramType() == null ? 1 : 2;
        if (args.size() != wanted) {
            throw error(name, "wrong number of arguments for aggregate expression provided, expected " + wanted
                    + ", got " + args.size());
        }
        Expr param = wanted == 2 ? args.get(0) : null;
        Expr expr = args.get(wanted - 1);
        if (param != null && param.type() != op.paramType()) {
            throw ParseErrors.at(input, param.pos(), "expected type " + op.paramType().description()
                    + " in aggregation parameter, got " + param.type().description());
        }
        if (expr.type() != ValueType.VECTOR) {
            throw ParseErrors.at(input, expr.pos(), "expected type instant vector in aggregation expression, got "
                    + expr.type().description());
        }
        return new Aggregate(op, param, expr, grouping, without, name.pos());
    }

    private List<String> labelList() {
        expect(Token.Kind.LEFT_PAREN, "grouping opts");
        List<String> labels = new ArrayList<>();
        while (peek().kind() != Token.Kind.RIGHT_PAREN) {
            Token l = advance();
            if (l.kind() != Token.Kind.IDENTIFIER && l.kind() != Token.Kind.STRING) {
                throw error(l, "unexpected " + l.describe() + " in grouping opts, expected label");
            }
            if (l.kind() == Token.Kind.IDENTIFIER && !isValidLabelName(l.text())) {
                throw error(l, "invalid label name \"" + l.text() + "\"");
            }
            labels.add(l.text());
            if (peek().kind() == Token.Kind.COMMA) {
                advance();
            } else if (peek().kind() != Token.Kind.RIGHT_PAREN) {
                Token bad = peek();
                throw error(bad, "unexpected " + bad.describe() + " in grouping opts, expected \",\" or \")\"");
            }
        }
        advance();
        return labels;
    }

    private static boolean isValidLabelName(String s) {
        return !s.contains(":");
    }

    // ---- token helpers ----

    private double parseNumber(Token t) {
        String text = t.text();
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return Long.parseLong(text.substring(2), 16);
            }
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw error(t, "bad number or duration syntax: \"" + text + "\"");
        }
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token advance() {
        Token t = tokens.get(index);
        if (t.kind() != Token.Kind.EOF) {
            index++;
        }
        return t;
    }

    private void expect(Token.Kind kind, String context) {
        Token t = advance();
        if (t.kind() != kind) {
            throw error(t, "unexpected " + t.describe() + " in " + context + ", expected " + new Token(kind, "", 0).describe());
        }
    }

    private static boolean isKeyword(Token t, String keyword) {
        return t.kind() == Token.Kind.IDENTIFIER && t.text().equalsIgnoreCase(keyword);
    }

    private PromqlException error(Token t, String message) {
        return ParseErrors.at(input, t.pos(), message);
    }
}
