package io.fluxtap.storage.query.filter;

import io.fluxtap.storage.query.filter.FilterExpression.And;
import io.fluxtap.storage.query.filter.FilterExpression.Comparison;
import io.fluxtap.storage.query.filter.FilterExpression.Field;
import io.fluxtap.storage.query.filter.FilterExpression.In;
import io.fluxtap.storage.query.filter.FilterExpression.Literal;
import io.fluxtap.storage.query.filter.FilterExpression.Not;
import io.fluxtap.storage.query.filter.FilterExpression.NumberLiteral;
import io.fluxtap.storage.query.filter.FilterExpression.Operator;
import io.fluxtap.storage.query.filter.FilterExpression.Or;
import io.fluxtap.storage.query.filter.FilterExpression.StringLiteral;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the log filter language into a {@link FilterExpression}:
 * <pre>
 * filter     := or
 * or         := and ( OR and )*
 * and        := unary ( AND unary )*
 * unary      := NOT unary | '(' or ')' | predicate
 * predicate  := field ( op literal | CONTAINS literal | [NOT] IN '(' literal ( ',' literal )* ')' )
 * op         := '=' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=' | '=~' | '!~'
 * field      := name | attributes.key | resource.key | attributes."any key" | resource."any key"
 * literal    := 'text' (a quote inside doubled: 'it''s') | number (-12, 3.5, 1e3)
 * </pre>
 * Keywords are case-insensitive. Whether a field exists and fits its value is {@link SqlFilter}'s question.
 *
 * <p>Hand-written recursive descent rather than a parser generator: the grammar is a dozen lines, a generator
 * (ANTLR, JavaCC) would add a build plugin and a runtime dependency, and its error messages would name grammar
 * rules instead of what the user typed wrong. Here every error carries the offset of the character at fault.
 */
public final class FilterParser {

    /** Bounds the recursion (and the SQL it becomes) so a hostile filter cannot exhaust the stack. */
    static final int MAX_DEPTH = 64;
    static final int MAX_LENGTH = 8192;

    private final String text;
    private int pos;
    private int depth;

    private FilterParser(String text) {
        this.text = text;
    }

    /** @return null when the text is blank: no filter, every record matches */
    public static FilterExpression parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() > MAX_LENGTH) {
            throw new FilterSyntaxException("a filter is at most " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        FilterParser parser = new FilterParser(text);
        FilterExpression expression = parser.or();
        parser.skipSpace();
        if (parser.pos < text.length()) {
            throw new FilterSyntaxException("expected AND, OR or the end of the filter, found "
                    + parser.describeHere(), parser.pos);
        }
        return expression;
    }

    private FilterExpression or() {
        FilterExpression left = and();
        while (keyword("OR")) {
            left = new Or(left, and());
        }
        return left;
    }

    private FilterExpression and() {
        FilterExpression left = unary();
        while (keyword("AND")) {
            left = new And(left, unary());
        }
        return left;
    }

    private FilterExpression unary() {
        skipSpace();
        if (++depth > MAX_DEPTH) {
            throw new FilterSyntaxException("the filter nests deeper than " + MAX_DEPTH + " levels", pos);
        }
        try {
            if (keyword("NOT")) {
                return new Not(unary());
            }
            if (symbol("(")) {
                FilterExpression inner = or();
                expectSymbol(")", "')' to close the parenthesis");
                return inner;
            }
            return predicate();
        } finally {
            depth--;
        }
    }

    private FilterExpression predicate() {
        Field field = field();
        skipSpace();
        int opStart = pos;
        if (keyword("CONTAINS")) {
            return new Comparison(field, Operator.CONTAINS, literal());
        }
        if (keyword("IN")) {
            return new In(field, literalList(), false);
        }
        if (keyword("NOT")) {
            if (keyword("IN")) {
                return new In(field, literalList(), true);
            }
            throw new FilterSyntaxException("expected IN after NOT", pos);
        }
        Operator operator = operator();
        if (operator == null) {
            pos = opStart;
            throw new FilterSyntaxException("expected an operator (=, !=, <, <=, >, >=, =~, !~, CONTAINS, IN) after "
                    + field.name() + ", found " + describeHere(), opStart);
        }
        return new Comparison(field, operator, literal());
    }

    private Operator operator() {
        // Two-character operators first, so "<=" is not read as "<" followed by "=".
        for (Operator op : List.of(Operator.LE, Operator.GE, Operator.NE, Operator.MATCHES, Operator.NOT_MATCHES,
                Operator.EQ, Operator.LT, Operator.GT)) {
            if (symbol(op.symbol())) {
                return op;
            }
        }
        return null;
    }

    private List<Literal> literalList() {
        expectSymbol("(", "'(' to start the IN list");
        List<Literal> values = new ArrayList<>();
        do {
            values.add(literal());
        } while (symbol(","));
        expectSymbol(")", "',' or ')' in the IN list");
        return values;
    }

    private Field field() {
        skipSpace();
        int start = pos;
        if (pos >= text.length() || !isNameStart(text.charAt(pos))) {
            throw new FilterSyntaxException("expected a field name, NOT or '(', found " + describeHere(), pos);
        }
        while (pos < text.length() && isNamePart(text.charAt(pos))) {
            pos++;
        }
        String name = text.substring(start, pos);
        int dot = name.indexOf('.');
        if (dot < 0) {
            return new Field(null, name, start);
        }
        String column = name.substring(0, dot);
        String key = name.substring(dot + 1);
        if (key.isEmpty() && pos < text.length() && text.charAt(pos) == '"') {
            key = quoted('"');
        }
        if (key.isEmpty()) {
            throw new FilterSyntaxException("expected a key after '" + column + ".'", start + dot + 1);
        }
        return new Field(column, key, start);
    }

    private Literal literal() {
        skipSpace();
        int start = pos;
        if (pos < text.length() && text.charAt(pos) == '\'') {
            return new StringLiteral(quoted('\''), start);
        }
        if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+' || Character.isDigit(text.charAt(pos)))) {
            pos++;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.'
                    || ((text.charAt(pos) == '-' || text.charAt(pos) == '+')
                        && Character.toLowerCase(text.charAt(pos - 1)) == 'e'))) {
                pos++;
            }
            String number = text.substring(start, pos);
            try {
                return new NumberLiteral(new BigDecimal(number), start);
            } catch (NumberFormatException e) {
                throw new FilterSyntaxException("'" + number + "' is not a number", start);
            }
        }
        throw new FilterSyntaxException("expected a value ('text' in single quotes, or a number), found "
                + describeHere(), start);
    }

    /** Reads a quoted string starting at {@code pos}; the quote character doubled stands for itself. */
    private String quoted(char quote) {
        int start = pos;
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c != quote) {
                value.append(c);
            } else if (pos < text.length() && text.charAt(pos) == quote) {
                value.append(quote);
                pos++;
            } else {
                return value.toString();
            }
        }
        throw new FilterSyntaxException("unterminated " + (quote == '\'' ? "string" : "quoted key")
                + ": no closing " + quote, start);
    }

    private boolean keyword(String word) {
        skipSpace();
        int end = pos + word.length();
        if (end <= text.length() && text.regionMatches(true, pos, word, 0, word.length())
                && (end == text.length() || !isNamePart(text.charAt(end)))) {
            pos = end;
            return true;
        }
        return false;
    }

    private boolean symbol(String symbol) {
        skipSpace();
        if (text.startsWith(symbol, pos)) {
            pos += symbol.length();
            return true;
        }
        return false;
    }

    private void expectSymbol(String symbol, String expected) {
        if (!symbol(symbol)) {
            throw new FilterSyntaxException("expected " + expected + ", found " + describeHere(), pos);
        }
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private String describeHere() {
        if (pos >= text.length()) {
            return "the end of the filter";
        }
        int end = pos;
        while (end < text.length() && end - pos < 20 && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return "'" + text.substring(pos, Math.max(end, pos + 1)) + "'";
    }

    private static boolean isNameStart(char c) {
        return c < 128 && (Character.isLetter(c) || c == '_');
    }

    /** OTel keys are dotted and may hold '-' or '/' (k8s.pod.name, http.request.header.x-id); others go in "quotes". */
    private static boolean isNamePart(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '/');
    }
}
