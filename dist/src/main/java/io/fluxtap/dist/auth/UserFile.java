package io.fluxtap.dist.auth;

import io.fluxtap.api.auth.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Dashboard users from configuration ({@code fluxtap.dashboard.users-file}): one user a line,
 * {@code NAME ROLE $pbkdf2-sha256$ITERATIONS$SALT$HASH} (Base64 salt and hash), {@code #} comments and blank lines
 * ignored. {@code bin/fluxtap user hash} writes such a line; the file holds no password. Read once at start; its users
 * are managed in the file, not through the admin API.
 */
final class UserFile {

    static final String SCHEME = "$pbkdf2-sha256$";

    private UserFile() {
    }

    /** @throws IllegalArgumentException naming the file and line of the first bad one */
    static List<DashboardAccount> read(Path file, Instant created) throws IOException {
        List<DashboardAccount> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                DashboardAccount account = parse(line, created);
                if (!names.add(account.name())) {
                    throw new IllegalArgumentException("user '" + account.name() + "' is named twice");
                }
                users.add(account);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return users;
    }

    static DashboardAccount parse(String line, Instant created) {
        String[] fields = line.split("\\s+");
        if (fields.length != 3 || !fields[2].startsWith(SCHEME)) {
            throw new IllegalArgumentException("expected 'NAME ROLE " + SCHEME + "ITERATIONS$SALT$HASH' (from "
                    + "bin/fluxtap user hash)");
        }
        if (!UserBook.NAME.matcher(fields[0]).matches()) {
            throw new IllegalArgumentException("bad user name '" + fields[0] + "'");
        }
        Role role = Role.parse(fields[1]);
        String[] hash = fields[2].substring(SCHEME.length()).split("\\$");
        if (hash.length != 3) {
            throw new IllegalArgumentException("the hash must be " + SCHEME + "ITERATIONS$SALT$HASH");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(hash[0]);
            if (iterations < 1) {
                throw new NumberFormatException();
            }
            if (Base64.getDecoder().decode(hash[1]).length < 16 || Base64.getDecoder().decode(hash[2]).length != 32) {
                throw new IllegalArgumentException("the salt must have at least 16 bytes and the hash 32");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the iteration count must be a positive number, was '" + hash[0] + "'");
        }
        return new DashboardAccount(fields[0], role, created, iterations, hash[1], hash[2]);
    }

    /** The line for a user, the password hashed with a new salt. @param password cleared when done */
    static String line(String name, Role role, char[] password, int iterations) {
        if (name == null || !UserBook.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a user name is 1 to 64 letters, digits, '_', '.', '@' or '-', "
                    + "starting with a letter or digit; was '" + name + "'");
        }
        try {
            if (password.length < UserBook.MIN_PASSWORD) {
                throw new IllegalArgumentException("a password has " + UserBook.MIN_PASSWORD + " to 1024 characters");
            }
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            return name + " " + role.label() + " " + SCHEME + iterations + "$" + Base64.getEncoder().encodeToString(salt)
                    + "$" + Base64.getEncoder().encodeToString(UserBook.derive(password, salt, iterations));
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }
}
