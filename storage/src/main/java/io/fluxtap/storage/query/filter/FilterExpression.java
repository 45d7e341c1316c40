package io.fluxtap.storage.query.filter;

import java.math.BigDecimal;
import java.util.List;

/** A parsed filter: the syntax tree {@link FilterParser} builds and {@link SqlFilter} translates. */
public sealed interface FilterExpression {

    record And(FilterExpression left, FilterExpression right) implements FilterExpression {
    }

    record Or(FilterExpression left, FilterExpression right) implements FilterExpression {
    }

    record Not(FilterExpression operand) implements FilterExpression {
    }

    /** {@code field op value}; IN and NOT IN carry their list in {@link In}. */
    record Comparison(Field field, Operator operator, Literal value) implements FilterExpression {
    }

    record In(Field field, List<Literal> values, boolean negated) implements FilterExpression {
    }

    /**
     * A column, or a key inside the JSON column {@code attributes} or {@code resource}.
     *
     * @param jsonColumn null for a plain column
     * @param name       the column's name, or the JSON key (dots and all: OTel keys contain dots)
     * @param position   where the field starts in the filter text
     */
    record Field(String jsonColumn, String name, int position) {
    }

    enum Operator {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), MATCHES("=~"), NOT_MATCHES("!~"), CONTAINS("CONTAINS");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    sealed interface Literal {
        int position();

        /** The value as the user wrote it, for comparisons with text. */
        String text();
    }

    record StringLiteral(String value, int position) implements Literal {
        @Override
        public String text() {
            return value;
        }
    }

    record NumberLiteral(BigDecimal value, int position) implements Literal {
        @Override
        public String text() {
            return value.toPlainString();
        }
    }
}
