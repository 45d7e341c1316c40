package io.fluxtap.storage.duck;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the store needs of a wire spec: the wire's id and its promoted columns, for the wire's view.
 *
 * @param wireId  e.g. {@code fluxSpec/visa-v1}
 * @param columns the promoted columns in spec order
 * @param source  the spec file, for messages about it
 */
public record WireColumns(String wireId, List<Column> columns, Path source) {

    public WireColumns {
        Objects.requireNonNull(wireId, "wireId");
        columns = List.copyOf(columns);
    }

    /**
     * The wire's view: {@code messages_} and the id in lowercase with every character other than a letter, a
     * digit or '_' replaced by '_', so {@code fluxSpec/visa-v1} reads from {@code messages_fluxspec_visa_v1}.
     */
    public String viewName() {
        return "messages_" + wireId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /**
     * @param name a lowercase SQL identifier
     * @param type what the view casts the stored value to
     */
    public record Column(String name, Type type) {
    }

    /** The promoted types of a wire spec, with the SQL type of their view column. */
    public enum Type {
        STRING("VARCHAR"), LONG("BIGINT"), DOUBLE("DOUBLE"), BOOLEAN("BOOLEAN"), TIMESTAMP("TIMESTAMPTZ");

        private final String sqlType;

        Type(String sqlType) {
            this.sqlType = sqlType;
        }

        public String sqlType() {
            return sqlType;
        }
    }
}
