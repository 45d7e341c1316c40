package io.fluxtap.storage.promql.parse;

import io.fluxtap.storage.promql.PromqlException;

/** Errors worded as Prometheus words them: {@code 1:7: parse error: unexpected <op:*>}. */
public final class ParseErrors {

    private ParseErrors() {
    }

    static PromqlException at(String input, int offset, String message) {
        return new PromqlException(PromqlException.ErrorType.BAD_DATA, position(input, offset) + ": parse error: " + message);
    }

    /** Prometheus' {@code line:col} for a 0-based offset, both 1-based. */
    public static String position(String input, int offset) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < offset && i < input.length(); i++) {
            if (input.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return line + ":" + col;
    }
}
