package io.fluxtap.storage.promql.parse;

/** Binary operators with Prometheus' precedence (higher binds tighter); {@code ^} is the only right-associative one. */
public enum BinaryOp {
    OR("or", 1), AND("and", 2), UNLESS("unless", 2),
    EQLC("==", 3), NEQ("!=", 3), LTE("<=", 3), LSS("<", 3), GTE(">=", 3), GTR(">", 3),
    ADD("+", 4), SUB("-", 4),
    MUL("*", 5), DIV("/", 5), MOD("%", 5), ATAN2("atan2", 5),
    POW("^", 6);

    private final String symbol;
    private final int precedence;

    BinaryOp(String symbol, int precedence) {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    public String symbol() {
        return symbol;
    }

    int precedence() {
        return precedence;
    }

    public boolean isComparison() {
        return precedence == 3;
    }

    public boolean isSetOperator() {
        return this == OR || this == AND || this == UNLESS;
    }

    static BinaryOp of(Token token) {
        return switch (token.kind()) {
            case ADD -> ADD;
            case SUB -> SUB;
            case MUL -> MUL;
            case DIV -> DIV;
            case MOD -> MOD;
            case POW -> POW;
            case EQLC -> EQLC;
            case NEQ -> NEQ;
            case LSS -> LSS;
            case LTE -> LTE;
            case GTR -> GTR;
            case GTE -> GTE;
            case IDENTIFIER -> switch (token.text().toLowerCase(java.util.Locale.ROOT)) {
                case "and" -> AND;
                case "or" -> OR;
                case "unless" -> UNLESS;
                case "atan2" -> ATAN2;
                default -> null;
            };
            default -> null;
        };
    }
}
