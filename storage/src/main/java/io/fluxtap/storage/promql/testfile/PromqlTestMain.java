package io.fluxtap.storage.promql.testfile;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code fluxtap promql-test FILE...}: runs Prometheus test files, prints one line per failing case, the number of
 * queries run, and a closing {@code N passed, N failed, N skipped}; exits 1 when any case failed, 2 when a file cannot
 * be read. With {@code --per-file} first, each file's counts and skip reasons are printed too (the table of
 * CONFORMANCE.md).
 */
public final class PromqlTestMain {

    private PromqlTestMain() {
    }

    public static void main(String[] args) {
        boolean perFile = args.length > 0 && args[0].equals("--per-file");
        if (args.length == (perFile ? 1 : 0)) {
            System.err.println("usage: promql-test [--per-file] FILE...");
            System.exit(2);
        }
        PromqlTestRunner runner = new PromqlTestRunner();
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        int queries = 0;
        for (int i = perFile ? 1 : 0; i < args.length; i++) {
            Path file = Path.of(args[i]);
            if (!Files.isReadable(file)) {
                System.err.println("promql-test: cannot read " + file);
                System.exit(2);
            }
            PromqlTestRunner.FileResult r = runner.run(file);
            for (PromqlTestRunner.CaseFailure f : r.failures()) {
                System.out.println(f.id() + ": " + f.expr() + ": " + f.reason());
            }
            if (perFile) {
                System.out.println(r.file() + ": " + r.passed() + " passed, " + r.failed() + " failed, " + r.skipped()
                        + " skipped" + (r.skipReasons().isEmpty() ? "" : " " + new java.util.TreeMap<>(r.skipReasons())));
            }
            passed += r.passed();
            failed += r.failed();
            skipped += r.skipped();
            queries += r.queries();
        }
        System.out.println("(" + queries + " queries, counting Prometheus' @-pinned and range-mode variants)");
        System.out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        System.exit(failed == 0 ? 0 : 1);
    }
}
