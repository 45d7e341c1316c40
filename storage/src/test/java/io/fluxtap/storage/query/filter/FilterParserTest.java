package io.fluxtap.storage.query.filter;

import io.fluxtap.storage.query.filter.FilterExpression.And;
import io.fluxtap.storage.query.filter.FilterExpression.Comparison;
import io.fluxtap.storage.query.filter.FilterExpression.Field;
import io.fluxtap.storage.query.filter.FilterExpression.In;
import io.fluxtap.storage.query.filter.FilterExpression.Not;
import io.fluxtap.storage.query.filter.FilterExpression.NumberLiteral;
import io.fluxtap.storage.query.filter.FilterExpression.Operator;
import io.fluxtap.storage.query.filter.FilterExpression.Or;
import io.fluxtap.storage.query.filter.FilterExpression.StringLiteral;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilterParserTest {

    @Test
    void andBindsTighterThanOrAndNotTighterThanAnd() {
        FilterExpression parsed = FilterParser.parse("a = 1 OR NOT b = 2 AND c = 3");
        Or or = assertInstanceOf(Or.class, parsed);
        assertEquals("a", ((Comparison) or.left()).field().name());
        And and = assertInstanceOf(And.class, or.right());
        assertEquals("b", ((Comparison) assertInstanceOf(Not.class, and.left()).operand()).field().name());
        assertEquals("c", ((Comparison) and.right()).field().name());
    }

    @Test
    void parenthesesOverridePrecedence() {
        And and = assertInstanceOf(And.class, FilterParser.parse("(a = 1 or b = 2) and c = 3"));
        assertInstanceOf(Or.class, and.left());
    }

    @Test
    void everyOperatorAndLiteralKindParses() {
        for (Operator op : Operator.values()) {
            Comparison comparison = assertInstanceOf(Comparison.class, FilterParser.parse("body " + op.symbol() + " 'x'"));
            assertEquals(op, comparison.operator());
        }
        Comparison number = (Comparison) FilterParser.parse("severity_number>=-1.5e1");
        assertEquals(Operator.GE, number.operator());
        assertEquals(new BigDecimal("-1.5e1"), ((NumberLiteral) number.value()).value());
        assertEquals(new StringLiteral("it's", 7), ((Comparison) FilterParser.parse("body = 'it''s'")).value());
    }

    @Test
    void inAndNotInTakeLists() {
        In in = assertInstanceOf(In.class, FilterParser.parse("level in ('error', 'warn')"));
        assertEquals(List.of("error", "warn"), in.values().stream().map(FilterExpression.Literal::text).toList());
        assertTrue(assertInstanceOf(In.class, FilterParser.parse("level NOT IN ('debug')")).negated());
    }

    @Test
    void dottedKeysBelongToTheJsonColumnAndQuotedKeysMayHoldAnything() {
        Comparison dotted = (Comparison) FilterParser.parse("attributes.http.status_code >= 500");
        assertEquals(new Field("attributes", "http.status_code", 0), dotted.field());
        Comparison quoted = (Comparison) FilterParser.parse("resource.\"my key\"\"s\" = 'x'");
        assertEquals(new Field("resource", "my key\"s", 0), quoted.field());
    }

    @Test
    void blankIsNoFilter() {
        assertNull(FilterParser.parse("  "));
    }

    @Test
    void errorsNameThePosition() {
        assertError("entity_name = 'api' AND", 23, "expected a field name, NOT or '(', found the end of the filter");
        assertError("entity_name 'api'", 12, "expected an operator");
        assertError("body = 'open", 7, "unterminated string");
        assertError("(level = 'error'", 16, "expected ')' to close the parenthesis");
        assertError("level = 'error' level = 'x'", 16, "expected AND, OR or the end of the filter");
        assertError("level IN 'error'", 9, "expected '(' to start the IN list");
        assertError("severity_number > 1.2.3", 18, "'1.2.3' is not a number");
        assertError("level = error", 8, "expected a value");
        assertError("attributes. = 1", 11, "expected a key after 'attributes.'");
        assertError("(".repeat(100) + "a = 1" + ")".repeat(100), 64, "the filter nests deeper than 64 levels");
    }

    private static void assertError(String filter, int position, String messageStart) {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> FilterParser.parse(filter));
        assertEquals(position, e.position(), e.getMessage());
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
        assertTrue(e.getMessage().endsWith(" at position " + position), e.getMessage());
    }
}
