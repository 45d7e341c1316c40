package io.fluxtap.storage.promql.parse;

/** One lexical token; {@code pos} is the 0-based offset of its first character in the query text. */
record Token(Kind kind, String text, int pos) {

    enum Kind {
        IDENTIFIER, NUMBER, DURATION, STRING,
        LEFT_PAREN, RIGHT_PAREN, LEFT_BRACE, RIGHT_BRACE, LEFT_BRACKET, RIGHT_BRACKET,
        COMMA, COLON, AT, ASSIGN, EQL_REGEX, NEQ_REGEX,
        ADD, SUB, MUL, DIV, MOD, POW, EQLC, NEQ, LSS, LTE, GTR, GTE,
        EOF
    }

    /** The token the way Prometheus names it in "unexpected ..." errors. */
    String describe() {
        return switch (kind) {
            case EOF -> "end of input";
            case IDENTIFIER -> "identifier \"" + text + "\"";
            case NUMBER -> "number \"" + text + "\"";
            case DURATION -> "duration \"" + text + "\"";
            case STRING -> "string " + text;
            case LEFT_PAREN -> "\"(\"";
            case RIGHT_PAREN -> "\")\"";
            case LEFT_BRACE -> "\"{\"";
            case RIGHT_BRACE -> "\"}\"";
            case LEFT_BRACKET -> "\"[\"";
            case RIGHT_BRACKET -> "\"]\"";
            case COMMA -> "\",\"";
            case COLON -> "\":\"";
            case AT -> "<@>";
            case ASSIGN -> "\"=\"";
            default -> "<op:" + text + ">";
        };
    }
}
