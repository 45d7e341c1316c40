package io.fluxtap.alerting.rules;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What {@code promtool check rules} does, as a class: {@code bin/fluxtap rules check} prints its {@link Report}.
 * Each file is parsed and validated ({@link RuleFileParser}); a valid file is then linted for duplicate rules (same
 * name and labels across its groups), which promtool reports but does not fail on.
 */
public final class RuleFileChecker {

    private final RuleFileParser parser;

    public RuleFileChecker(RuleFileParser parser) {
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /**
     * One file's outcome.
     *
     * @param errors   promtool's errors (file name first), empty when the file is valid
     * @param lint     the duplicate-rules lint text ({@code lint error 1 duplicate rule(s) found. ...}), null for
     *                 none
     * @param rules    how many rules a valid file has
     * @param warnings what Prometheus logs but accepts
     */
    public record FileResult(Path file, List<String> errors, String lint, int rules, List<String> warnings) {

        public FileResult {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }
    }

    /** The outcome of a check of several files. */
    public record Report(List<FileResult> files) {

        public Report {
            files = List.copyOf(files);
        }

        /** promtool's exit code: 1 when a file has errors, else 0 (duplicates are not fatal, as by default). */
        public int exitCode() {
            return files.stream().anyMatch(f -> !f.errors().isEmpty()) ? 1 : 0;
        }

        /** Prints as promtool prints: progress and successes on {@code out}, failures on {@code err}. */
        public void print(PrintStream out, PrintStream err) {
            for (FileResult f : files) {
                out.println("Checking " + f.file());
                if (!f.errors().isEmpty()) {
                    err.println("  FAILED:");
                    f.errors().forEach(err::println);
                } else if (f.lint() != null) {
                    err.println("  FAILED:");
                    err.println(f.lint());
                } else {
                    out.println("  SUCCESS: " + f.rules() + " rules found");
                }
                out.println();
            }
        }
    }

    public Report check(List<Path> files) {
        List<FileResult> results = new ArrayList<>();
        for (Path file : files) {
            results.add(check(file));
        }
        return new Report(results);
    }

    public FileResult check(Path file) {
        RuleFileParser.Result result = parser.parseFile(file);
        if (!result.ok()) {
            return new FileResult(file, result.errors(), null, 0, result.warnings());
        }
        int rules = result.ruleFile().groups().stream().mapToInt(g -> g.rules().size()).sum();
        return new FileResult(file, List.of(), duplicates(result.ruleFile()), rules, result.warnings());
    }

    private record Named(String metric, List<Map.Entry<String, String>> labels) {
    }

    private static final Comparator<Named> ORDER = Comparator.comparing(Named::metric)
            .thenComparing(Named::labels, RuleFileChecker::compareLabels);

    /** promtool's checkDuplicates: rules sorted by name and labels, each run of equal ones reported once. */
    static String duplicates(RuleFile file) {
        List<Named> all = new ArrayList<>();
        for (RuleGroupSpec g : file.groups()) {
            for (RuleSpec r : g.rules()) {
                Map<String, String> labels = new TreeMap<>(g.labels());
                labels.putAll(r.labels());
                all.add(new Named(r.name(), List.copyOf(labels.entrySet())));
            }
        }
        if (all.size() < 2) {
            return null;
        }
        all.sort(ORDER);
        List<Named> duplicates = new ArrayList<>();
        Named last = all.get(0);
        for (int i = 1; i < all.size(); i++) {
            Named current = all.get(i);
            if (ORDER.compare(last, current) == 0
                    && (duplicates.isEmpty() || !duplicates.get(duplicates.size() - 1).equals(last))) {
                duplicates.add(current);
            }
            last = current;
        }
        if (duplicates.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder("lint error " + duplicates.size() + " duplicate rule(s) found.\n");
        for (Named n : duplicates) {
            text.append("Metric: ").append(n.metric).append("\nLabel(s):\n");
            for (Map.Entry<String, String> l : n.labels) {
                text.append('\t').append(l.getKey()).append(": ").append(l.getValue()).append('\n');
            }
        }
        return text.append("Might cause inconsistency while recording expressions").toString();
    }

    /** Prometheus' labels.Compare: label by label, name then value; a prefix sorts first. */
    private static int compareLabels(List<Map.Entry<String, String>> a, List<Map.Entry<String, String>> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).getKey().compareTo(b.get(i).getKey());
            if (c == 0) {
                c = a.get(i).getValue().compareTo(b.get(i).getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
