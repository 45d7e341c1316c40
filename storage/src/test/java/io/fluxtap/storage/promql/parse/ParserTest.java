package io.fluxtap.storage.promql.parse;

import io.fluxtap.storage.promql.PromqlException;
import io.fluxtap.storage.promql.parse.Expr.Binary;
import io.fluxtap.storage.promql.parse.Expr.NumberLiteral;
import io.fluxtap.storage.promql.series.LabelMatcher;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class ParserTest {

    private static String error(String query) {
        PromqlException e = assertThrows(PromqlException.class, () -> Parser.parse(query));
        assertEquals(PromqlException.ErrorType.BAD_DATA, e.errorType());
        return e.getMessage();
    }

    @Test
    void multiplicationBindsTighterThanAdditionAndPowIsRightAssociative() {
        Binary sum = assertInstanceOf(Binary.class, Parser.parse("1 + 2 * 3"));
        assertEquals(BinaryOp.ADD, sum.op());
        assertEquals(BinaryOp.MUL, assertInstanceOf(Binary.class, sum.rhs()).op());

        Binary pow = assertInstanceOf(Binary.class, Parser.parse("2 ^ 3 ^ 2"));
        assertInstanceOf(NumberLiteral.class, pow.lhs());
        assertEquals(BinaryOp.POW, assertInstanceOf(Binary.class, pow.rhs()).op());
    }

    @Test
    void unaryMinusBindsLooserThanPow() {
        Expr e = Parser.parse("-2 ^ 2");
        Expr.Unary u = assertInstanceOf(Expr.Unary.class, e);
        assertEquals(BinaryOp.POW, assertInstanceOf(Binary.class, u.expr()).op());
    }

    @Test
    void setOperatorsAreLooserThanComparisons() {
        Binary or = assertInstanceOf(Binary.class, Parser.parse("a > 1 and b or c"));
        assertEquals(BinaryOp.OR, or.op());
        Binary and = assertInstanceOf(Binary.class, or.lhs());
        assertEquals(BinaryOp.AND, and.op());
        assertEquals(BinaryOp.GTR, assertInstanceOf(Binary.class, and.lhs()).op());
    }

    @Test
    void selectorWithModifiers() {
        Expr.MatrixSelector ms = assertInstanceOf(Expr.MatrixSelector.class,
                Parser.parse("http_requests_total{job=~\"api|web\", code!=\"200\"}[5m] offset 1m @ 100"));
        assertEquals(300_000, ms.rangeMs());
        assertEquals(60_000, ms.selector().offsetMs());
        assertEquals(100_000, ms.selector().at().timeMs());
        assertEquals(List.of(
                new LabelMatcher("__name__", LabelMatcher.Type.EQUAL, "http_requests_total"),
                new LabelMatcher("job", LabelMatcher.Type.REGEX, "api|web"),
                new LabelMatcher("code", LabelMatcher.Type.NOT_EQUAL, "200")), ms.selector().matchers());
    }

    @Test
    void subqueryAndAggregationWithGroupingAfterTheBody() {
        Expr.Call call = assertInstanceOf(Expr.Call.class, Parser.parse("max_over_time(sum(rate(x[1m])) by (job)[10m:30s])"));
        Expr.Subquery sq = assertInstanceOf(Expr.Subquery.class, call.args().get(0));
        assertEquals(600_000, sq.rangeMs());
        assertEquals(30_000, sq.stepMs());
        Expr.Aggregate agg = assertInstanceOf(Expr.Aggregate.class, sq.expr());
        assertEquals(List.of("job"), agg.grouping());
    }

    @Test
    void groupLeftMatching() {
        Binary b = assertInstanceOf(Binary.class, Parser.parse("a * on(job) group_left(version) b"));
        assertEquals(Expr.VectorMatching.Cardinality.MANY_TO_ONE, b.matching().cardinality());
        assertEquals(List.of("job"), b.matching().labels());
        assertEquals(List.of("version"), b.matching().include());
    }

    @Test
    void errorsCarryPrometheusPositions() {
        assertEquals("1:7: parse error: unexpected <op:*>", error("foo + * 2"));
        assertEquals("1:1: parse error: no expression found in input", error(""));
        assertTrue(error("rate(x)").startsWith("1:6: parse error: expected type range vector in call to function \"rate\""));
        assertEquals("1:1: parse error: unknown function with name \"nope\"", error("nope(x)"));
        assertEquals("1:1: parse error: vector selector must contain at least one non-empty matcher", error("{a=\"\"}"));
        assertEquals("1:1: parse error: comparisons between scalars must use BOOL modifier", error("1 > 2"));
        assertTrue(error("foo{a=\"b\"\n  ,c=}").startsWith("2:6: parse error: unexpected"));
    }

    @Test
    void regexesAreGoRe2AndAnInvalidOneIsAParseErrorAtTheMatcher() {
        assertEquals("1:5: parse error: error parsing regexp: missing closing ]: `[`", error("foo{a=~\"[\"}"));
        // java.util.regex accepts these; RE2 has no backreferences, lookahead or possessive quantifiers.
        assertEquals("1:5: parse error: error parsing regexp: invalid escape sequence: `\\1`",
                error("foo{a=~\"(x)\\\\1\"}"));
        assertEquals("1:5: parse error: error parsing regexp: invalid or unsupported Perl syntax: `(?=`",
                error("foo{ab!~\"a(?=b)\"}"));
        assertEquals("1:2: parse error: error parsing regexp: invalid nested repetition operator: `++`",
                error("{a=~\"a++\"}"));
        // Go's named groups and POSIX classes parse.
        Parser.parse("foo{a=~\"(?P<n>[[:digit:]]+)\"}");
    }

    /** Every way PromQL nests, each a syntax tree of {@code depth + 1} levels (give or take one). */
    public static List<String> nestedQueries(int depth) {
        int half = depth / 2; // for the shapes that nest two nodes a level
        return List.of(
                "(".repeat(depth) + "x" + ")".repeat(depth),
                "x" + " + x".repeat(depth),
                "x" + " ^ x".repeat(depth),
                "x" + " or x".repeat(depth),
                "- ".repeat(depth) + "x",
                "abs(".repeat(depth) + "x" + ")".repeat(depth),
                "sum(".repeat(depth) + "x" + ")".repeat(depth),
                "topk(1, ".repeat(depth) + "x" + ")".repeat(depth),
                "(x " + "+ (x ".repeat(half) + ")".repeat(half + 1),
                "sum_over_time(".repeat(half) + "x" + "[1m:1m])".repeat(half));
    }

    @Test
    void nestingDeeperThanTheLimitIsAParseErrorNotAStackOverflow() {
        for (String query : nestedQueries(Parser.MAX_DEPTH + 1)) {
            String message = error(query);
            assertTrue(message.matches("1:\\d+: parse error: expression nests deeper than the limit of "
                    + Parser.MAX_DEPTH + " levels"), query.substring(0, 40) + " -> " + message);
        }
        // Far beyond the limit the parser still answers with the error rather than overflowing its own stack.
        for (String query : nestedQueries(200_000)) {
            assertTrue(error(query).endsWith("expression nests deeper than the limit of " + Parser.MAX_DEPTH + " levels"));
        }
        for (String query : nestedQueries(Parser.MAX_DEPTH - 1)) {
            Parser.parse(query);
        }
    }

    @Test
    void aDeeplyNestedRegexIsAParseErrorNotAStackOverflow() {
        String re = "(".repeat(100_000) + "a" + ")".repeat(100_000);
        assertTrue(error("x{a=~\"" + re + "\"}").startsWith("1:3: parse error: "));
    }

    @Test
    void seriesSelectorForMatchParameter() {
        assertEquals(List.of(new LabelMatcher("__name__", LabelMatcher.Type.REGEX, "http_.*")),
                Parser.parseSeriesSelector("{__name__=~\"http_.*\"}"));
        assertThrows(PromqlException.class, () -> Parser.parseSeriesSelector("rate(x[5m])"));
    }
}
