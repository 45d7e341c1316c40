package io.fluxtap.dist.ops;

import io.fluxtap.dist.config.FluxtapConfig;
import io.fluxtap.storage.duck.DuckDbDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fluxtap restore BACKUP}: offline, puts a backup made by {@code fluxtap backup} into the data directory. It
 * checks every file against the backup's manifest first and writes nothing when one differs; it refuses a data
 * directory that is not empty unless given {@code --force}, and refuses always while a server holds the database
 * there. The files are copied into a directory beside the data directory and moved into place at the end, so an
 * interrupted restore leaves no half data directory. The next start replays the WAL from the backup's positions,
 * and a newer Fluxtap migrates the schema (see the README's upgrade section).
 */
@Command(name = "restore", synopsisHeading = "",
        customSynopsis = "usage: fluxtap restore [--data-dir DIR] [--force] [--with-config] BACKUP",
        description = "Restores a backup into the data directory (the server must be stopped).")
public final class RestoreCli implements Callable<Integer> {

    @Parameters(paramLabel = "BACKUP", description = "a directory written by fluxtap backup")
    Path backup;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "where to restore; default fluxtap.data.dir from the configuration (./data)")
    Path dataDir;

    @Option(names = "--force", description = "replace what the data directory holds")
    boolean force;

    @Option(names = "--with-config", description = "also put the backup's conf/ files into <fluxtap.home>/conf,"
            + " replacing files of the same name")
    boolean withConfig;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return OpsCommands.execute(new RestoreCli(), "restore", args, out, err);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path home = Path.of(System.getProperty("fluxtap.home", "."));
        Path target = (dataDir != null ? dataDir : configuredDataDir(home)).toAbsolutePath().normalize();
        Path source = backup.toAbsolutePath().normalize();
        BackupManifest manifest = BackupManifest.read(source);
        List<String> problems = manifest.verify(source);
        if (!problems.isEmpty()) {
            err.println("fluxtap restore: the backup in " + source + " is damaged or incomplete; nothing was restored:");
            problems.forEach(p -> err.println("  " + p));
            return OpsCommands.EXIT_FAILED;
        }
        if (Files.exists(target)) {
            if (!Files.isDirectory(target)) {
                err.println("fluxtap restore: " + target + " is not a directory");
                return OpsCommands.EXIT_FAILED;
            }
            if (DatabaseLock.held(target)) {
                err.println("fluxtap restore: a Fluxtap server is using " + target + "; stop it first");
                return OpsCommands.EXIT_FAILED;
            }
            if (!isEmpty(target) && !force) {
                err.println("fluxtap restore: the data directory " + target + " is not empty; pass --force to replace "
                        + "what it holds (the server must be stopped)");
                return OpsCommands.EXIT_FAILED;
            }
        }
        Path staging = target.resolveSibling("." + target.getFileName() + ".restoring");
        Backup.deleteTree(staging);
        Backup.copyTree(source.resolve(Backup.DATA), staging);
        if (Files.exists(target)) {
            Backup.deleteTree(target);
        }
        Files.move(staging, target);
        long restored = manifest.files().stream().filter(f -> f.path().startsWith(Backup.DATA + "/")).count();
        out.println("restored " + restored + " files of the backup taken at " + manifest.createdAt() + " (Fluxtap "
                + manifest.fluxtapVersion() + ", schema V" + manifest.schemaVersion() + ") into " + target);
        if (withConfig && Files.isDirectory(source.resolve(Backup.CONF))) {
            Path conf = home.resolve(Backup.CONF).toAbsolutePath().normalize();
            Backup.copyTreeReplacing(source.resolve(Backup.CONF), conf);
            out.println("restored the configuration into " + conf);
        }
        out.println("the next start replays the WAL after " + manifest.walApplied() + " (the positions the database"
                + " copy holds)");
        return OpsCommands.EXIT_OK;
    }

    private static Path configuredDataDir(Path home) {
        Config config = FluxtapConfig.load(home);
        try {
            return Path.of(config.getOptionalValue("fluxtap.data.dir", String.class).orElse("./data"));
        } finally {
            ConfigProviderResolver.instance().releaseConfig(config);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
