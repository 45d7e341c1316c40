package io.fluxtap.alerting.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's notification templates: Fluxtap's default definitions (the names and output of Alertmanager's
 * {@code default.tmpl}: {@code __subject}, {@code slack.default.title}, {@code pagerduty.default.description},
 * ...), then the user's files from the configuration's {@code templates:} globs, with Alertmanager's functions
 * ({@code toUpper}, {@code join}, {@code date}, {@code tz}, {@code since}, ...) and {@code missingkey=zero}.
 * Immutable and safe for concurrent use.
 *
 * <pre>{@code
 * NotificationTemplates templates = NotificationTemplates.load(List.of(Path.of("/etc/fluxtap/templates/*.tmpl")));
 * String title = templates.render("{{ template \"slack.default.title\" . }}", data);
 * String text = templates.execute("slack.myorg.text", data);
 * }</pre>
 */
public final class NotificationTemplates {

    /** The classpath resource with Fluxtap's default definitions. */
    public static final String DEFAULT_RESOURCE = "alerting/template/default.tmpl";

    private final Template templates;

    private NotificationTemplates(Template templates) {
        this.templates = templates;
    }

    /** Only the default definitions. */
    public static NotificationTemplates defaults() {
        return load(List.of(), Clock.systemUTC());
    }

    /**
     * The defaults plus the user's template files, as Alertmanager's {@code template.FromGlobs}: each path may
     * have glob characters ({@code * ? [ ] { }}) in its file name; files are parsed in name order, each
     * pattern in turn, and a later definition replaces an earlier one of the same name. A pattern that matches
     * nothing is no error (as in Alertmanager).
     *
     * @throws TemplateException    for a file that does not parse (its message names the file and line)
     * @throws UncheckedIOException for a file that cannot be read
     */
    public static NotificationTemplates load(List<Path> patterns) {
        return load(patterns, Clock.systemUTC());
    }

    /** As {@link #load(List)}, with the clock {@code since} and {@code now} read. */
    public static NotificationTemplates load(List<Path> patterns, Clock clock) {
        Template set = base(clock).parse("default.tmpl", defaultText());
        for (Path pattern : patterns) {
            for (Path file : expand(pattern)) {
                try {
                    set = set.parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read template file " + file + ": " + e.getMessage(), e);
                }
            }
        }
        return new NotificationTemplates(set);
    }

    /** A set of only these named texts, without the defaults (for comparing other default files). */
    static NotificationTemplates ofTexts(Map<String, String> texts, Clock clock) {
        Template set = base(clock);
        for (Map.Entry<String, String> e : texts.entrySet()) {
            set = set.parse(e.getKey(), e.getValue());
        }
        return new NotificationTemplates(set);
    }

    private static Template base(Clock clock) {
        return Template.create(functions(clock), Template.MissingKey.ZERO, Template.Limits.DEFAULT);
    }

    static String defaultText() {
        try (InputStream in = NotificationTemplates.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> expand(Path pattern) {
        Path name = pattern.getFileName();
        if (name == null) {
            return List.of();
        }
        String glob = name.toString();
        if (!glob.matches(".*[*?\\[{].*")) {
            return Files.isRegularFile(pattern) ? List.of(pattern) : List.of();
        }
        Path dir = pattern.getParent() == null ? Path.of(".") : pattern.getParent();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
            for (Path p : stream) {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        files.sort(null);
        return files;
    }

    /**
     * Alertmanager's {@code ExecuteTextString}: {@code text} parsed beside the loaded definitions and run over
     * {@code data} (usually a {@link NotificationData}). An empty text gives an empty string.
     *
     * @throws TemplateException when it does not parse or fails
     */
    public String render(String text, Object data) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        return templates.parse("", text).execute("", data);
    }

    /**
     * Runs one defined template by name (e.g. {@code "slack.default.title"}). Dot is usually a
     * {@link NotificationData}; some definitions take a list of alerts instead
     * ({@code pagerduty.default.instances} over {@code .Alerts.Firing}, as Alertmanager's PagerDuty details do).
     *
     * @throws TemplateException when there is no such template or it fails
     */
    public String execute(String name, Object data) {
        return templates.execute(name, data);
    }

    public boolean has(String name) {
        return templates.has(name);
    }

    /** Alertmanager's template functions (template.DefaultFuncs) beside Go's builtins. */
    static Map<String, TemplateFunction> functions(Clock clock) {
        Map<String, TemplateFunction> f = new HashMap<>();
        f.put("toUpper", a -> GoFunctions.upper(Builtins.string(Builtins.arg(a, 1, "toUpper").getFirst())));
        f.put("toLower", a -> GoFunctions.lower(Builtins.string(Builtins.arg(a, 1, "toLower").getFirst())));
        // Alertmanager's docs say strings.Title, its code runs cases.Title, which lower-cases the rest of each
        // word ("wORld" becomes "World"); amtool 0.25 confirms the code.
        f.put("title", a -> GoFunctions.casesTitle(Builtins.string(Builtins.arg(a, 1, "title").getFirst()), true));
        f.put("trimSpace", a -> Builtins.string(Builtins.arg(a, 1, "trimSpace").getFirst())
                .replaceAll("^[\\s\\u0085\\u00a0]+|[\\s\\u0085\\u00a0]+$", ""));
        f.put("join", a -> {
            Builtins.arg(a, 2, "join");
            return String.join(Builtins.string(a.get(0)), KV.strings(a.get(1)));
        });
        f.put("match", a -> {
            Builtins.arg(a, 2, "match");
            return GoFunctions.match(Builtins.string(a.get(0)), Builtins.string(a.get(1)));
        });
        f.put("reReplaceAll", a -> {
            Builtins.arg(a, 3, "reReplaceAll");
            return GoFunctions.replaceAll(Builtins.string(a.get(0)), Builtins.string(a.get(1)),
                    Builtins.string(a.get(2)));
        });
        f.put("safeHtml", a -> Builtins.string(Builtins.arg(a, 1, "safeHtml").getFirst()));
        f.put("safeUrl", a -> Builtins.string(Builtins.arg(a, 1, "safeUrl").getFirst()));
        f.put("urlUnescape", a -> GoFunctions.queryUnescape(Builtins.string(Builtins.arg(a, 1, "urlUnescape")
                .getFirst())));
        f.put("stringSlice", a -> {
            List<String> out = new ArrayList<>(a.size());
            for (Object o : a) {
                out.add(Builtins.string(o));
            }
            return List.copyOf(out);
        });
        f.put("list", a -> java.util.Collections.unmodifiableList(new ArrayList<>(a)));
        f.put("append", a -> {
            if (a.isEmpty() || !(a.getFirst() instanceof List<?> list)) {
                throw new IllegalArgumentException("append: the first argument must be a slice");
            }
            List<Object> out = new ArrayList<>(list);
            out.addAll(a.subList(1, a.size()));
            return java.util.Collections.unmodifiableList(out);
        });
        f.put("dict", a -> {
            if (a.size() % 2 != 0) {
                throw new IllegalArgumentException("dict: the number of arguments must be even");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < a.size(); i += 2) {
                if (!(a.get(i) instanceof String key)) {
                    throw new IllegalArgumentException("dict: keys must be strings");
                }
                out.put(key, a.get(i + 1));
            }
            return java.util.Collections.unmodifiableMap(out);
        });
        f.put("base64encode", a -> Base64.getUrlEncoder().encodeToString(
                Builtins.string(Builtins.arg(a, 1, "base64encode").getFirst()).getBytes(StandardCharsets.UTF_8)));
        f.put("base64decode", a -> new String(Base64.getUrlDecoder().decode(
                Builtins.string(Builtins.arg(a, 1, "base64decode").getFirst())), StandardCharsets.UTF_8));
        f.put("date", a -> {
            Builtins.arg(a, 2, "date");
            return time(a.get(1), "date").format(Builtins.string(a.get(0)));
        });
        f.put("tz", a -> {
            Builtins.arg(a, 2, "tz");
            String zone = Builtins.string(a.get(0));
            ZoneId id;
            try {
                id = zone.equals("Local") || zone.isEmpty() ? ZoneId.of("UTC") : ZoneId.of(zone);
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("unknown time zone " + zone);
            }
            return new GoTime(time(a.get(1), "tz").instant(), id);
        });
        f.put("since", a -> new GoDuration(durationNanos(Duration.between(
                time(Builtins.arg(a, 1, "since").getFirst(), "since").instant(), clock.instant()))));
        f.put("now", a -> {
            Builtins.arg(a, 0, "now");
            return GoTime.utc(clock.instant());
        });
        // json.Marshal of the value (Alertmanager's toJson, used by PagerDuty's default details).
        f.put("toJson", a -> JsonValues.toJson(Builtins.arg(a, 1, "toJson").getFirst()));
        f.put("humanizeDuration", a -> RuleTemplates.humanizeDuration(Builtins.arg(a, 1, "humanizeDuration")
                .getFirst()));
        return f;
    }

    private static long durationNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            // Go's time.Since saturates at the largest Duration.
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static GoTime time(Object v, String function) {
        if (v instanceof GoTime t) {
            return t;
        }
        throw new IllegalArgumentException("wrong type for value; expected time.Time; got " + GoFmt.typeName(v));
    }
}
