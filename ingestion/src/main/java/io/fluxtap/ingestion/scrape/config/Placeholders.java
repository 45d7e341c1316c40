package io.fluxtap.ingestion.scrape.config;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code ${fluxtap.<key>}} in a scrape file's text with Fluxtap's configuration before the file is parsed,
 * so the shipped file can name the port the server really bound ({@code localhost:${fluxtap.http.port}}).
 *
 * <p>Only names that start with {@code fluxtap.} are placeholders: relabelling's {@code $1}, {@code ${1}} and
 * {@code ${name}} are Prometheus' own and reach the relabeller untouched (a regex group name cannot hold a dot).
 * A placeholder whose key has no value refuses the file, as any other error in it does.
 */
public final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(fluxtap\\.[A-Za-z0-9_.-]+)}");

    private Placeholders() {
    }

    /** @param values a configuration key to its value, empty when it has none */
    public static String expand(String text, Function<String, Optional<String>> values) throws ScrapeConfigException {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String key = m.group(1);
            Optional<String> value = values.apply(key);
            if (value.isEmpty()) {
                int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                throw new ScrapeConfigException("line " + line + ": ${" + key + "}: no such configuration key has a value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value.get()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
