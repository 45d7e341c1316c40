package io.fluxtap.dist.ops;

import io.fluxtap.storage.duck.DuckDbDatabase;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether a process (a running server) holds a data directory's DuckDB file, for the commands that work on a stopped
 * server's data directory ({@code fluxtap restore}, the offline {@code fluxtap token} and {@code user}).
 */
public final class DatabaseLock {

    private DatabaseLock() {
    }

    /**
     * DuckDB holds a POSIX lock on its file while open; so does this probe, and the two exclude each other. Call it
     * before this process opens the database: closing the probe's channel drops every lock this process has on the
     * file, DuckDB's own included.
     */
    public static boolean held(Path dataDir) throws IOException {
        Path database = dataDir.resolve(DuckDbDatabase.FILE_NAME);
        if (!Files.isRegularFile(database)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(database, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }
}
