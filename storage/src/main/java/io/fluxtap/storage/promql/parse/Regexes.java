package io.fluxtap.storage.promql.parse;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * PromQL regular expressions: Go's RE2 syntax (no backreferences, lookaround or possessive quantifiers), matching
 * the whole value with {@code .} matching newlines, as Prometheus compiles them ({@code ^(?s:re)$}).
 */
public final class Regexes {

    private Regexes() {
    }

    /**
     * The anchored pattern of {@code re}.
     *
     * @throws PatternSyntaxException with Go's message (e.g. {@code error parsing regexp: missing closing ]: `[`})
     */
    public static Pattern anchored(String re) {
        // Compiled alone first so that an error quotes the user's text, not the anchoring around it.
        Pattern.compile(re);
        return Pattern.compile("^(?s:" + re + ")$");
    }
}
