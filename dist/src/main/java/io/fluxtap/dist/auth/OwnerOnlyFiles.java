package io.fluxtap.dist.auth;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/** Files only the server's user may read (mode 600): the server key and the bootstrap token. */
final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {
    }

    /**
     * Writes the file whole: a temporary file created with mode 600 (never readable by others, not even for a
     * moment), then moved over the target, so a crash leaves the old file or the new one.
     */
    static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix")) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(temporary);
        }
        Files.write(temporary, content);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The server key in {@code file}, made (32 random bytes) when there is none. */
    static byte[] serverKey(Path file) throws IOException {
        if (Files.exists(file)) {
            byte[] key = Files.readAllBytes(file);
            if (key.length < 32) {
                throw new IOException(file + " holds " + key.length + " bytes, a server key has 32; remove it to "
                        + "make a new one (every token then has to be made again)");
            }
            return key;
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
            write(file, key);
        } catch (FileAlreadyExistsException e) {
            return Files.readAllBytes(file);
        }
        return key;
    }
}
