package io.fluxtap.tools.rules;

import io.fluxtap.alerting.rules.NameValidation;
import io.fluxtap.alerting.rules.RuleFileChecker;
import io.fluxtap.alerting.rules.RuleFileParser;
import io.fluxtap.alerting.rules.RuleGroup;
import io.fluxtap.alerting.rules.RuleTemplates;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code fluxtap rules check FILE...}: checks Prometheus rule files as {@code promtool check rules} does, with its
 * output ({@code Checking FILE}, {@code SUCCESS: N rules found} or {@code FAILED:} and the errors) and exit
 * status (0 valid, duplicate rules only reported; 1 when a file has errors; 2 for a wrong command line). Templates
 * are checked by the Go-template engine found through {@link ServiceLoader} ({@link RuleTemplates}, which the
 * {@code alerting.template} engine registers).
 * <p>
 * {@code fluxtap rules test FILE...} runs promtool's rule unit tests ({@code promtool test rules}, see
 * {@link UnitTestRunner}): {@code Unit Testing:  FILE}, then {@code SUCCESS} or {@code FAILED:} and promtool's
 * messages; exit status 0 when every test passed, 1 when one failed or a file could not be run, 2 for a wrong
 * command line. As promtool's command line, the {@code @} modifier and negative offsets are always on.
 */
@Command(name = "rules", subcommands = {RulesMain.Check.class, RulesMain.Test.class},
        customSynopsis = {"usage: fluxtap rules check [--ignore-unknown-fields] FILE...",
                "       fluxtap rules test [--run REGEX]... [--ignore-unknown-fields] FILE..."},
        synopsisHeading = "", description = "Prometheus rule files.")
public final class RulesMain implements Runnable {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_INPUT = 2;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a subcommand is needed: check or test");
    }

    @Command(name = "check", customSynopsis = "usage: fluxtap rules check [--ignore-unknown-fields] FILE...",
            synopsisHeading = "", description = "Checks rule files as promtool check rules does.",
            optionListHeading = "%n")
    static final class Check implements Callable<Integer> {

        @Option(names = "--ignore-unknown-fields", description = "accept keys rule files do not define")
        boolean ignoreUnknownFields;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "rule files")
        List<Path> files;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
        boolean help;

        private final PrintStream out;
        private final PrintStream err;
        private final Optional<RuleTemplates> templates;

        Check(PrintStream out, PrintStream err, Optional<RuleTemplates> templates) {
            this.out = out;
            this.err = err;
            this.templates = templates;
        }

        @Override
        public Integer call() {
            if (templates.isEmpty()) {
                err.println("rules check: no template engine on the class path (an io.fluxtap.alerting.rules."
                        + "RuleTemplates service), so templates cannot be checked");
                return EXIT_BAD_INPUT;
            }
            RuleFileChecker checker = new RuleFileChecker(new RuleFileParser(new EngineParser(), templates.get(),
                    NameValidation.UTF8, ignoreUnknownFields));
            RuleFileChecker.Report report = checker.check(files);
            report.print(out, err);
            return report.exitCode();
        }
    }

    @Command(name = "test",
            customSynopsis = "usage: fluxtap rules test [--run REGEX]... [--ignore-unknown-fields] FILE...",
            synopsisHeading = "", description = "Runs rule unit tests as promtool test rules does.",
            optionListHeading = "%n")
    static final class Test implements Callable<Integer> {

        @Option(names = "--run", paramLabel = "REGEX",
                description = "only run test groups whose name the regular expression finds (may be repeated)")
        List<String> run;

        @Option(names = "--ignore-unknown-fields", description = "accept keys the rule files do not define")
        boolean ignoreUnknownFields;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "unit-test files")
        List<Path> files;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
        boolean help;

        private final PrintStream out;
        private final PrintStream err;
        private final Optional<RuleTemplates> templates;

        Test(PrintStream out, PrintStream err, Optional<RuleTemplates> templates) {
            this.out = out;
            this.err = err;
            this.templates = templates;
        }

        @Override
        public Integer call() {
            if (templates.isEmpty()) {
                err.println("rules test: no template engine on the class path (an io.fluxtap.alerting.rules."
                        + "RuleTemplates service), so alert templates cannot be expanded");
                return EXIT_BAD_INPUT;
            }
            Pattern pattern;
            try {
                pattern = run == null ? null : Pattern.compile(String.join("|", run));
            } catch (PatternSyntaxException e) {
                err.println("rules test: --run " + String.join("|", run) + " is no regular expression: "
                        + e.getDescription());
                return EXIT_BAD_INPUT;
            }
            UnitTestRunner runner = new UnitTestRunner(templates.get(), ignoreUnknownFields, pattern, err);
            // The rule engine logs each failed evaluation for the server's log; here the failure is the output.
            // Its spans ask GlobalOpenTelemetry for a tracer, whose first use logs an INFO line when the
            // distribution's class path holds the autoconfigure SDK; promtool prints nothing of the kind.
            // Both loggers are held here while they are off (JUL keeps loggers weakly).
            List<Logger> quiet = List.of(Logger.getLogger(RuleGroup.class.getName()),
                    Logger.getLogger("io.opentelemetry.api.GlobalOpenTelemetry"));
            List<Level> levels = quiet.stream().map(Logger::getLevel).toList();
            quiet.forEach(l -> l.setLevel(Level.OFF));
            try {
                return runAll(runner);
            } finally {
                for (int i = 0; i < quiet.size(); i++) {
                    quiet.get(i).setLevel(levels.get(i));
                }
            }
        }

        private int runAll(UnitTestRunner runner) {
            boolean failed = false;
            for (Path file : files) {
                out.println("Unit Testing:  " + file);
                List<String> errors;
                try {
                    errors = runner.run(file);
                } catch (RuntimeException e) {
                    // A defect met in one file fails that file; the others still run.
                    errors = List.of("internal error: " + e);
                }
                if (errors.isEmpty()) {
                    out.println("  SUCCESS");
                } else {
                    failed = true;
                    err.println("  FAILED:");
                    for (String e : errors) {
                        err.println(e);
                        out.println();
                    }
                }
                out.println();
            }
            return failed ? EXIT_FAILED : EXIT_OK;
        }
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs one command line and returns the exit status. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        Optional<RuleTemplates> templates = ServiceLoader.load(RuleTemplates.class).findFirst();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> type) throws Exception {
                if (type == Check.class) {
                    return (K) new Check(out, err, templates);
                }
                if (type == Test.class) {
                    return (K) new Test(out, err, templates);
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine commandLine = new CommandLine(new RulesMain(), factory).setExpandAtFiles(false);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setParameterExceptionHandler((e, line) -> {
            err.println("rules: " + e.getMessage().lines().findFirst().orElse("cannot read the command line"));
            err.println("usage: fluxtap rules check [--ignore-unknown-fields] FILE...   (fluxtap rules check --help)");
            err.println("       fluxtap rules test [--run REGEX]... [--ignore-unknown-fields] FILE...   (fluxtap rules test --help)");
            return EXIT_BAD_INPUT;
        });
        int status = commandLine.execute(args);
        out.flush();
        err.flush();
        return status;
    }
}
