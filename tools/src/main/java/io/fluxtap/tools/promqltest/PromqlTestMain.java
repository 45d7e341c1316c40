package io.fluxtap.tools.promqltest;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code fluxtap promql-test FILE...}: runs Prometheus test files, prints one line per failing case, the number of
 * queries run, and a closing {@code N passed, N failed, N skipped}; exits 1 when any case failed, 2 when a file cannot
 * be read or the command line is wrong. With {@code --per-file}, each file's counts and skip reasons are printed too
 * (the table of CONFORMANCE.md).
 */
@Command(name = "promql-test",
        customSynopsis = "usage: fluxtap promql-test [--per-file] FILE...",
        synopsisHeading = "",
        description = "Runs Prometheus test files (load/eval/clear) against Fluxtap's PromQL engine.",
        optionListHeading = "%n",
        footerHeading = "%n",
        footer = "Exit status: 0 when every case passed, 1 when a case failed, 2 when a file cannot be read or the"
                + " command line is wrong.")
public final class PromqlTestMain implements Callable<Integer> {

    static final int EXIT_PASSED = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_INPUT = 2;

    @Option(names = "--per-file", description = "also print each file's counts and skip reasons")
    boolean perFile;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Prometheus test files")
    List<Path> files;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;

    private final PrintStream out;
    private final PrintStream err;

    PromqlTestMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs one command line and returns the exit status. */
    static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine commandLine = new CommandLine(new PromqlTestMain(out, err)).setExpandAtFiles(false);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setParameterExceptionHandler((e, line) -> {
            err.println("promql-test: " + e.getMessage().lines().findFirst().orElse("cannot read the command line"));
            err.println("usage: fluxtap promql-test [--per-file] FILE...   (fluxtap promql-test --help)");
            return EXIT_BAD_INPUT;
        });
        int status = commandLine.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    @Override
    public Integer call() {
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                err.println("promql-test: cannot read " + file);
                return EXIT_BAD_INPUT;
            }
        }
        PromqlTestRunner runner = new PromqlTestRunner();
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        int queries = 0;
        for (Path file : files) {
            PromqlTestRunner.FileResult r = runner.run(file);
            for (PromqlTestRunner.CaseFailure f : r.failures()) {
                out.println(f.id() + ": " + f.expr() + ": " + f.reason());
            }
            if (perFile) {
                out.println(r.file() + ": " + r.passed() + " passed, " + r.failed() + " failed, " + r.skipped()
                        + " skipped" + (r.skipReasons().isEmpty() ? "" : " " + new TreeMap<>(r.skipReasons())));
            }
            passed += r.passed();
            failed += r.failed();
            skipped += r.skipped();
            queries += r.queries();
        }
        out.println("(" + queries + " queries, counting Prometheus' @-pinned and range-mode variants)");
        out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        return failed == 0 ? EXIT_PASSED : EXIT_FAILED;
    }
}
