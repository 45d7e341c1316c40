package io.fluxtap.ui.alerts;

import io.fluxtap.api.alerts.SilenceMatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The silence form's matcher text: one {@code name op "value"} per line; blank lines are skipped. */
final class MatcherLines {

    private static final Pattern LINE = Pattern.compile("\\s*([^=!~\\s]+)\\s*(=~|!~|!=|=)\\s*(\"(.*)\"|(.*?))\\s*");
    private static final int MAX_LINES = 100;

    private MatcherLines() {
    }

    /** @throws IllegalArgumentException naming the line that is not a matcher */
    static List<SilenceMatcher> parse(String text) {
        List<SilenceMatcher> out = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        if (lines.length > MAX_LINES) {
            throw new IllegalArgumentException("at most " + MAX_LINES + " matchers");
        }
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(lines[i]);
            if (!m.matches()) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not name=\"value\": " + lines[i].strip());
            }
            String value = m.group(4) != null ? m.group(4).replace("\\\"", "\"").replace("\\\\", "\\") : m.group(5);
            out.add(new SilenceMatcher(m.group(1), m.group(2), value));
        }
        return out;
    }

    static String format(List<SilenceMatcher> matchers) {
        return matchers.stream()
                .map(m -> m.name() + m.operator() + '"' + m.value().replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                .collect(Collectors.joining("\n"));
    }
}
