package io.fluxtap.tools.rules;

import io.fluxtap.alerting.rules.NameValidation;
import io.fluxtap.alerting.rules.RuleFileChecker;
import io.fluxtap.alerting.rules.RuleFileParser;
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

/**
 * {@code fluxtap rules check FILE...}: checks Prometheus rule files as {@code promtool check rules} does, with its
 * output ({@code Checking FILE}, {@code SUCCESS: N rules found} or {@code FAILED:} and the errors) and exit
 * status (0 valid, duplicate rules only reported; 1 when a file has errors; 2 for a wrong command line). Templates
 * are checked by the Go-template engine found through {@link ServiceLoader} ({@link RuleTemplates}, which the
 * {@code alerting.template} engine registers).
 */
@Command(name = "rules", subcommands = RulesMain.Check.class,
        customSynopsis = "usage: fluxtap rules check [--ignore-unknown-fields] FILE...",
        synopsisHeading = "", description = "Prometheus rule files.")
public final class RulesMain implements Runnable {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_INPUT = 2;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a subcommand is needed: check");
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

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs one command line and returns the exit status. */
    static int run(PrintStream out, PrintStream err, String... args) {
        Optional<RuleTemplates> templates = ServiceLoader.load(RuleTemplates.class).findFirst();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> type) throws Exception {
                return type == Check.class ? (K) new Check(out, err, templates) : CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine commandLine = new CommandLine(new RulesMain(), factory).setExpandAtFiles(false);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setParameterExceptionHandler((e, line) -> {
            err.println("rules: " + e.getMessage().lines().findFirst().orElse("cannot read the command line"));
            err.println("usage: fluxtap rules check [--ignore-unknown-fields] FILE...   (fluxtap rules check --help)");
            return EXIT_BAD_INPUT;
        });
        int status = commandLine.execute(args);
        out.flush();
        err.flush();
        return status;
    }
}
