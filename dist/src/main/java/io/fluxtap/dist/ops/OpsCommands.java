package io.fluxtap.dist.ops;

import java.io.PrintWriter;
import picocli.CommandLine;

/** What {@code fluxtap backup} and {@code fluxtap restore} share: exit statuses and error printing as {@code token}'s. */
final class OpsCommands {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_INPUT = 2;

    private OpsCommands() {
    }

    static int execute(Object command, String name, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(command).setOut(out).setErr(err);
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            err.println("fluxtap " + name + ": " + e.getMessage());
            return EXIT_FAILED;
        });
        line.setParameterExceptionHandler((e, args2) -> {
            err.println("fluxtap " + name + ": " + e.getMessage().lines().findFirst().orElse(""));
            err.println(e.getCommandLine().getUsageMessage().lines().filter(l -> l.contains("usage:"))
                    .findFirst().orElse(""));
            return EXIT_BAD_INPUT;
        });
        return line.execute(args);
    }
}
