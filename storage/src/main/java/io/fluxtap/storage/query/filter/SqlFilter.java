package io.fluxtap.storage.query.filter;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.fluxtap.api.Level;
import io.fluxtap.storage.duck.EpochMicros;
import io.fluxtap.storage.query.filter.FieldSchema.ColumnType;
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

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A filter as a SQL condition with positional parameters ({@code ?}). The SQL text holds only fixed fragments
 * and column names taken from the {@link FieldSchema}; every value the user wrote, JSON keys included, is a
 * parameter.
 *
 * <p>Every predicate is two-valued: a missing field or attribute makes {@code =}, {@code <}, {@code =~},
 * {@code CONTAINS} and {@code IN} false, and {@code !=}, {@code !~}, {@code NOT IN} and {@code NOT} true,
 * so {@code NOT a = 1} and {@code a != 1} always select the same records.
 *
 * @param sql        a boolean SQL expression
 * @param parameters its values, in the order of the {@code ?} in {@code sql}
 */
public record SqlFilter(String sql, List<Object> parameters) {

    /** Matches every record. */
    public static final SqlFilter ALL = new SqlFilter("TRUE", List.of());

    public SqlFilter {
        parameters = List.copyOf(parameters);
    }

    /** Parses and translates a filter; blank text gives {@link #ALL}. */
    public static SqlFilter parse(String text, FieldSchema schema) {
        FilterExpression expression = FilterParser.parse(text);
        return expression == null ? ALL : compile(expression, schema);
    }

    /** @throws FilterSyntaxException for a field the schema does not have or a value that does not fit it */
    public static SqlFilter compile(FilterExpression expression, FieldSchema schema) {
        List<Object> parameters = new ArrayList<>();
        String sql = new Translator(schema, parameters).translate(expression);
        return new SqlFilter(sql, parameters);
    }

    /** Both conditions. */
    public SqlFilter and(SqlFilter other) {
        if (this == ALL) {
            return other;
        }
        if (other == ALL) {
            return this;
        }
        List<Object> joined = new ArrayList<>(parameters);
        joined.addAll(other.parameters);
        return new SqlFilter("(" + sql + ") AND (" + other.sql + ")", joined);
    }

    private record Translator(FieldSchema schema, List<Object> parameters) {

        private static final BigInteger UBIGINT_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

        String translate(FilterExpression expression) {
            return switch (expression) {
                case And and -> "(" + translate(and.left()) + " AND " + translate(and.right()) + ")";
                case Or or -> "(" + translate(or.left()) + " OR " + translate(or.right()) + ")";
                case Not not -> "(NOT " + translate(not.operand()) + ")";
                case In in -> in(in);
                case Comparison comparison -> comparison(comparison.field(), comparison.operator(), comparison.value());
            };
        }

        private String in(In in) {
            List<String> alternatives = new ArrayList<>();
            for (Literal value : in.values()) {
                alternatives.add(comparison(in.field(), Operator.EQ, value));
            }
            String any = "(" + String.join(" OR ", alternatives) + ")";
            return in.negated() ? "(NOT " + any + ")" : any;
        }

        /** The negative operators are the negation of the positive ones, so a missing value satisfies them. */
        private String comparison(Field field, Operator operator, Literal value) {
            return switch (operator) {
                case NE -> "(NOT " + comparison(field, Operator.EQ, value) + ")";
                case NOT_MATCHES -> "(NOT " + comparison(field, Operator.MATCHES, value) + ")";
                default -> "coalesce(" + positive(field, operator, value) + ", false)";
            };
        }

        private String positive(Field field, Operator operator, Literal value) {
            if (operator == Operator.MATCHES) {
                requireRegex(value);
            }
            if (field.jsonColumn() != null) {
                return jsonPredicate(field, operator, value);
            }
            Map.Entry<String, ColumnType> column = column(field);
            String name = column.getKey();
            return switch (column.getValue()) {
                case TEXT -> textPredicate(name, operator, value.text());
                case LEVEL -> textPredicate(name, operator,
                        operator == Operator.MATCHES || operator == Operator.CONTAINS ? value.text() : level(value));
                case INTEGER -> {
                    requireOrdering(field, operator, "a number");
                    if (!(value instanceof NumberLiteral number)) {
                        throw new FilterSyntaxException(name + " is a number: write the value without quotes",
                                value.position());
                    }
                    yield name + " " + operator.symbol() + " " + bind(number.value().doubleValue());
                }
                case UNSIGNED_BIGINT -> {
                    requireOrdering(field, operator, "an unsigned 64-bit number");
                    yield name + " " + operator.symbol() + " CAST(" + bind(unsigned(name, value)) + " AS UBIGINT)";
                }
                case TIMESTAMP -> {
                    requireOrdering(field, operator, "a time");
                    long micros;
                    try {
                        micros = EpochMicros.of(TimeLiterals.parse(name, value.text()));
                    } catch (IllegalArgumentException e) {
                        throw new FilterSyntaxException(e.getMessage(), value.position());
                    }
                    yield name + " " + operator.symbol() + " make_timestamptz(" + bind(micros) + ")";
                }
            };
        }

        /**
         * A JSON key is addressed with a JSON pointer ({@code /http.status_code}): unlike the {@code $.a.b} path
         * syntax it gives dots no meaning, so OTel's dotted keys need no quoting, and it is bound as a parameter.
         * A number literal compares numerically (the value cast to DOUBLE; text that is no number never matches);
         * a string literal compares the value's text, so {@code attributes.http.status_code = '500'} matches too.
         */
        private String jsonPredicate(Field field, Operator operator, Literal value) {
            String column = schema.jsonColumns().stream().filter(c -> c.equals(field.jsonColumn())).findFirst()
                    .orElseThrow(() -> new FilterSyntaxException("unknown field '" + field.jsonColumn() + "." + field.name()
                            + "': keys can be looked up in " + String.join(", ", schema.jsonColumns().stream().sorted().toList()),
                            field.position()));
            String extracted = "json_extract_string(" + column + ", " + bind(pointer(field.name())) + ")";
            if (value instanceof NumberLiteral number && operator != Operator.MATCHES && operator != Operator.CONTAINS) {
                return "TRY_CAST(" + extracted + " AS DOUBLE) " + operator.symbol() + " " + bind(number.value().doubleValue());
            }
            return textPredicate(extracted, operator, value.text());
        }

        private String textPredicate(String expression, Operator operator, String text) {
            return switch (operator) {
                // RE2 syntax, matching anywhere in the text unless anchored with ^ and $.
                case MATCHES -> "regexp_matches(" + expression + ", " + bind(text) + ")";
                // Literal, case-insensitive: a user's % or _ is no wildcard; lower() folds Unicode case.
                case CONTAINS -> "contains(lower(" + expression + "), lower(" + bind(text) + "))";
                default -> expression + " " + operator.symbol() + " " + bind(text);
            };
        }

        private Map.Entry<String, ColumnType> column(Field field) {
            String wanted = field.name().toLowerCase(Locale.ROOT);
            return schema.columns().entrySet().stream().filter(e -> e.getKey().equals(wanted)).findFirst()
                    .orElseThrow(() -> new FilterSyntaxException("unknown field '" + field.name() + "': fields are "
                            + String.join(", ", schema.columns().keySet().stream().sorted().toList())
                            + schema.jsonColumns().stream().sorted().map(c -> ", " + c + ".<key>").reduce("", String::concat),
                            field.position()));
        }

        /**
         * DuckDB matches with RE2, whose syntax re2j shares: a pattern that does not compile is the filter's
         * mistake, reported at its literal (DuckDB's own error would come without a position).
         */
        private static void requireRegex(Literal value) {
            try {
                Pattern.compile(value.text());
            } catch (PatternSyntaxException e) {
                throw new FilterSyntaxException("invalid regular expression '" + value.text() + "': "
                        + e.getDescription(), value.position());
            }
        }

        private static String level(Literal value) {
            try {
                return Level.parseLabel(value.text()).label();
            } catch (IllegalArgumentException e) {
                throw new FilterSyntaxException(e.getMessage(), value.position());
            }
        }

        private static void requireOrdering(Field field, Operator operator, String kind) {
            if (operator == Operator.MATCHES || operator == Operator.CONTAINS) {
                throw new FilterSyntaxException(field.name() + " is " + kind + ": " + operator.symbol()
                        + " applies to text fields", field.position());
            }
        }

        private static String unsigned(String name, Literal value) {
            try {
                BigInteger number = new BigInteger(value.text());
                if (number.signum() >= 0 && number.compareTo(UBIGINT_MAX) <= 0) {
                    return number.toString();
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
            throw new FilterSyntaxException(name + " is a whole number from 0 to " + UBIGINT_MAX + ", was '"
                    + value.text() + "'", value.position());
        }

        /** RFC 6901: '~' is written ~0 and '/' is written ~1 inside a pointer's reference token. */
        private static String pointer(String key) {
            return "/" + key.replace("~", "~0").replace("/", "~1");
        }

        private String bind(Object value) {
            parameters.add(value);
            return "?";
        }
    }
}
