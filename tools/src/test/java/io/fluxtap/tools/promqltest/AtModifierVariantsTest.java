package io.fluxtap.tools.promqltest;

import io.fluxtap.storage.promql.parse.Expr;
import io.fluxtap.storage.promql.parse.Expr.At;
import io.fluxtap.storage.promql.parse.Parser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtModifierVariantsTest {

    private static final At PINNED = new At(At.Kind.TIME, 300_000);

    @Test
    void everySelectorIsPinnedAndEvaluatedAtPrometheusTimes() {
        List<AtModifierVariants.Variant> variants =
                AtModifierVariants.of(Parser.parse("sum(rate(a[5m])) / on() b @ 100"), 300_000);
        assertEquals(List.of(-3_000_000L, 0L, 60_000L, 300_000L, 3_000_000L),
                variants.stream().map(AtModifierVariants.Variant::timeMs).toList());
        Expr.Binary div = assertInstanceOf(Expr.Binary.class, variants.get(0).expr());
        Expr.Call rate = assertInstanceOf(Expr.Call.class, assertInstanceOf(Expr.Aggregate.class, div.lhs()).expr());
        assertEquals(PINNED, assertInstanceOf(Expr.MatrixSelector.class, rate.args().get(0)).selector().at());
        // An explicit @ stays as written.
        assertEquals(new At(At.Kind.TIME, 100_000), assertInstanceOf(Expr.VectorSelector.class, div.rhs()).at());
    }

    @Test
    void atZeroTheVariantsStraddleZero() {
        assertEquals(List.of(-1000L, 0L, 1000L), AtModifierVariants.of(Parser.parse("a"), 0).stream()
                .map(AtModifierVariants.Variant::timeMs).toList());
    }

    @Test
    void aSubqueryIsPinnedButNotTheSelectorsInsideIt() {
        Expr.Subquery sq = assertInstanceOf(Expr.Subquery.class,
                AtModifierVariants.of(Parser.parse("a[10m:1m]"), 300_000).get(0).expr());
        assertEquals(PINNED, sq.at());
        assertNull(assertInstanceOf(Expr.VectorSelector.class, sq.expr()).at());
    }

    @Test
    void startAndEndCountAsUnpinned() {
        Expr pinned = AtModifierVariants.of(Parser.parse("a @ end()"), 300_000).get(0).expr();
        assertEquals(PINNED, assertInstanceOf(Expr.VectorSelector.class, pinned).at());
        assertFalse(AtModifierVariants.usesQueryBounds(pinned));
        assertTrue(AtModifierVariants.usesQueryBounds(Parser.parse("max_over_time(a[1m:] @ 10) + b @ start()")));
    }

    @Test
    void timeDependentFunctionsGetNoVariants() {
        assertTrue(AtModifierVariants.of(Parser.parse("timestamp(a)"), 300_000).isEmpty());
        assertTrue(AtModifierVariants.of(Parser.parse("sum(a) - time()"), 300_000).isEmpty());
        assertTrue(AtModifierVariants.of(Parser.parse("predict_linear(a[5m], 60)"), 300_000).isEmpty());
    }
}
