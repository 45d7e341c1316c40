package io.fluxtap.storage.promql.testfile;

import java.nio.file.Path;

/**
 * {@code fluxtap promql-test FILE...}: runs Prometheus test files, prints one line per failing case and a closing
 * {@code N passed, N failed, N skipped}; exits 1 when any case failed.
 */
public final class PromqlTestMain {

    private PromqlTestMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: promql-test FILE...");
            System.exit(2);
        }
        PromqlTestRunner runner = new PromqlTestRunner();
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (String arg : args) {
            PromqlTestRunner.FileResult r = runner.run(Path.of(arg));
            for (PromqlTestRunner.CaseFailure f : r.failures()) {
                System.out.println(f.id() + ": " + f.expr() + ": " + f.reason());
            }
            passed += r.passed();
            failed += r.failed();
            skipped += r.skipped();
        }
        System.out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        System.exit(failed == 0 ? 0 : 1);
    }
}
