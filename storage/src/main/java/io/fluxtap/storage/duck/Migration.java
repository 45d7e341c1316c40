package io.fluxtap.storage.duck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One step of the schema's history. A released migration is never edited: a change to the schema
 * is a new migration with the next version, because existing data files already ran the old one.
 *
 * @param version     applied in ascending order, each exactly once per database file
 * @param description a few words for {@code schema_migrations} and the start-up log
 * @param sql         one or more SQL statements, run in one transaction
 */
public record Migration(int version, String description, String sql) {

    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1, was " + version);
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(sql, "sql");
    }

    /** Reads {@code migrations/V<version>__<description>.sql} next to this class. */
    static Migration fromResource(int version, String description) {
        String name = "migrations/V" + version + "__" + description + ".sql";
        try (InputStream in = Migration.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing migration resource " + name);
            }
            return new Migration(version, description, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration resource " + name, e);
        }
    }
}
