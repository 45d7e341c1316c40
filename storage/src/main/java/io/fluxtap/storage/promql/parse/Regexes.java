package io.fluxtap.storage.promql.parse;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * PromQL regular expressions: Go's RE2 syntax (no backreferences, lookaround or possessive quantifiers), matching
 * the whole value with {@code .} matching newlines, as Prometheus compiles them ({@code ^(?s:re)$}).
 */
public final class Regexes {

    /**
     * Deepest group nesting accepted, as Go's regexp/syntax limits it (its {@code maxHeight}); re2j has no such
     * limit and compiles recursively, so a deeper pattern would overflow the stack.
     */
    public static final int MAX_NESTING = 1000;

    private Regexes() {
    }

    /**
     * The anchored pattern of {@code re}.
     *
     * @throws PatternSyntaxException with Go's message (e.g. {@code error parsing regexp: missing closing ]: `[`})
     */
    public static Pattern anchored(String re) {
        checkNesting(re);
        // Compiled alone first so that an error quotes the user's text, not the anchoring around it.
        Pattern.compile(re);
        return Pattern.compile("^(?s:" + re + ")$");
    }

    /** Counts open groups, skipping escaped characters and character classes (where '(' is literal). */
    private static void checkNesting(String re) {
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
                // A ']' right after '[' or '[^' is a literal member of the class.
                if (i + 1 < re.length() && re.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < re.length() && re.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '(') {
                if (++depth > MAX_NESTING) {
                    throw new PatternSyntaxException("expression nests too deeply", re);
                }
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            }
        }
    }
}
