package io.fluxtap.storage.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether the SQL console may run a statement. DuckDB parses it ({@code json_serialize_sql}, which
 * serializes SELECT statements only and refuses everything else: INSERT, COPY, ATTACH, PRAGMA, SET, ...), and the
 * syntax tree it returns is checked:
 * <ul>
 *   <li>exactly one statement;</li>
 *   <li>table functions only from {@link #VALUE_TABLE_FUNCTIONS} and {@link #FILE_TABLE_FUNCTIONS}, the latter with constant paths inside the data directory (so no
 *       {@code read_csv}, {@code read_text}, {@code read_blob}, {@code glob}, {@code query()}, {@code query_table()});</li>
 *   <li>a table named by a path (DuckDB's replacement scan, {@code FROM './x.parquet'}) likewise, and only Parquet;</li>
 *   <li>no catalog view from {@link #DENIED_VIEWS};</li>
 *   <li>no function from {@link #DENIED_FUNCTIONS} anywhere.</li>
 * </ul>
 * Parsing with DuckDB's own parser means the check and the execution never disagree on what the text says.
 * Behind this check DuckDB itself refuses file access outside the data directory (see DuckDbDatabase).
 */
final class ReadOnlyGuard {

    static final Set<String> FILE_TABLE_FUNCTIONS = Set.of("read_parquet", "parquet_scan");
    /** Table functions that make rows from their arguments alone. */
    static final Set<String> VALUE_TABLE_FUNCTIONS = Set.of("range", "generate_series", "unnest");

    /**
     * Functions that reach beyond the query's data (environment, settings, variables, sequences) or run SQL of
     * their own. {@code get_block_size} is a built-in macro over the table function {@code pragma_database_size()},
     * which a macro call would reach past the table-function check.
     */
    static final Set<String> DENIED_FUNCTIONS = Set.of("getenv", "current_setting", "getvariable", "get_block_size",
            "nextval", "currval", "setval",
            "query", "query_table", "json_execute_serialized_sql", "read_text", "read_blob", "glob", "read_csv",
            "read_csv_auto", "read_json", "read_json_auto", "read_ndjson", "sniff_csv", "load_extension");

    /**
     * DuckDB 2.0's built-in views that show settings or what other statements did: {@code pg_catalog.pg_settings}
     * (every setting, over {@code duckdb_settings()}) and {@code duckdb_logs} (DuckDB's own log). Refused by name
     * in any schema; the other catalog views (information_schema, pg_catalog, duckdb_tables, ...) show only the
     * schema, which the console is there to explore. Table functions need no list: only
     * {@link #VALUE_TABLE_FUNCTIONS} and {@link #FILE_TABLE_FUNCTIONS} pass.
     */
    static final Set<String> DENIED_VIEWS = Set.of("pg_settings", "duckdb_logs");

    /** URLs and other schemes DuckDB could open (s3://, http://, md:). */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern GLOB = Pattern.compile("[*?\\[{]");

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private final Path dataDir;
    /** The data directory with symbolic links resolved, for paths with links resolved. */
    private final Path realDataDir;
    private final Path workingDir;

    /**
     * @param dataDir    the only directory whose Parquet files statements may read
     * @param workingDir what relative paths in a statement are relative to (DuckDB resolves them against the
     *                   process's working directory)
     */
    ReadOnlyGuard(Path dataDir, Path workingDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.realDataDir = realOrNormal(this.dataDir);
        this.workingDir = workingDir.toAbsolutePath().normalize();
    }

    /** @throws SqlRefusedException saying why the statement may not run */
    void check(Connection connection, String sql) throws SQLException {
        JsonNode tree = serialize(connection, sql);
        if (tree.path("error").asBoolean(false)) {
            String message = tree.path("error_message").asText();
            if (message.startsWith("Only SELECT statements")) {
                throw new SqlRefusedException("only one read-only statement is allowed: SELECT, WITH ... SELECT, "
                        + "FROM ..., DESCRIBE, SUMMARIZE; not INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, ATTACH, "
                        + "DETACH, COPY, INSTALL, LOAD, PRAGMA, SET, RESET, CALL, EXPORT, IMPORT or EXPLAIN");
            }
            throw new SqlRefusedException("Parser Error: " + message);
        }
        JsonNode statements = tree.path("statements");
        if (statements.size() != 1) {
            throw new SqlRefusedException("exactly one statement per request, found " + statements.size());
        }
        walk(statements.get(0));
    }

    private static JsonNode serialize(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT json_serialize_sql(CAST(? AS VARCHAR))")) {
            statement.setString(1, sql);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return MAPPER.readTree(rs.getString(1));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("DuckDB's json_serialize_sql answered no JSON", e);
        }
    }

    private void walk(JsonNode node) {
        if (node.isArray()) {
            node.forEach(this::walk);
            return;
        }
        if (!node.isObject()) {
            return;
        }
        String type = node.path("type").asText();
        if (type.equals("TABLE_FUNCTION")) {
            tableFunction(node.path("function"));
        } else if (type.equals("BASE_TABLE")) {
            baseTable(node);
        }
        if (node.path("class").asText().equals("FUNCTION")) {
            String name = node.path("function_name").asText().toLowerCase(Locale.ROOT);
            if (DENIED_FUNCTIONS.contains(name)) {
                throw new SqlRefusedException("the function " + name + " is not allowed in the SQL console");
            }
        }
        for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
            walk(children.next());
        }
    }

    private void tableFunction(JsonNode function) {
        String name = function.path("function_name").asText().toLowerCase(Locale.ROOT);
        if (VALUE_TABLE_FUNCTIONS.contains(name)) {
            return;
        }
        if (!FILE_TABLE_FUNCTIONS.contains(name)) {
            throw new SqlRefusedException("the table function " + name + " is not allowed in the SQL console; "
                    + "read the views logs, spans, metrics, messages, alert_history, notification_history or Parquet "
                    + "files with read_parquet");
        }
        for (JsonNode argument : function.path("arguments")) {
            JsonNode expression = argument.path("expression");
            if (isNamedParameter(expression)) {
                continue;
            }
            if (isStringConstant(expression)) {
                path(constantText(expression), false);
            } else if (expression.path("function_name").asText().equals("list_value")) {
                for (JsonNode element : expression.path("arguments")) {
                    if (!isStringConstant(element.path("expression"))) {
                        throw new SqlRefusedException(name + " takes file paths written as string constants");
                    }
                    path(constantText(element.path("expression")), false);
                }
            } else {
                throw new SqlRefusedException(name + " takes file paths written as string constants");
            }
        }
    }

    /** {@code union_by_name = true}: an option, not a file. */
    private static boolean isNamedParameter(JsonNode expression) {
        return expression.path("type").asText().equals("COMPARE_EQUAL")
                && expression.path("left").path("class").asText().equals("COLUMN_REF")
                && expression.path("right").path("class").asText().equals("CONSTANT");
    }

    private static boolean isStringConstant(JsonNode expression) {
        return expression.path("class").asText().equals("CONSTANT")
                && expression.path("literal").path("kind").asText().equals("STRING");
    }

    private static String constantText(JsonNode expression) {
        return expression.path("literal").path("text").asText();
    }

    /** A name with a path character in it is a file for DuckDB's replacement scan. */
    private void baseTable(JsonNode table) {
        String name = table.path("table_name").asText();
        if (DENIED_VIEWS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new SqlRefusedException("the catalog view " + name.toLowerCase(Locale.ROOT)
                    + " is not allowed in the SQL console: it shows the server's settings or its log");
        }
        if (name.contains("/") || name.contains("\\") || name.contains(".") || name.contains(":") || GLOB.matcher(name).find()) {
            path(name, true);
        }
    }

    /**
     * A path (maybe a glob) must name Parquet files inside the data directory: no scheme, no {@code ..}, the
     * directory before the first wildcard, with symbolic links resolved, inside the data directory, and, for a
     * glob, everything it could match (see {@link #checkGlobMatches}) too.
     */
    private void path(String text, boolean replacementScan) {
        if (SCHEME.matcher(text).find()) {
            throw refused(text, "URLs and schemes are not allowed");
        }
        if (replacementScan && !text.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
            throw refused(text, "only Parquet files (*.parquet) can be read");
        }
        Path path;
        try {
            path = workingDir.resolve(text);
        } catch (InvalidPathException e) {
            throw refused(text, "not a valid path");
        }
        for (Path part : path) {
            if (part.toString().equals("..")) {
                throw refused(text, "'..' is not allowed in paths");
            }
        }
        Path normal = path.normalize();
        if (!normal.startsWith(dataDir)) {
            throw refused(text, "only files inside the data directory " + dataDir + " can be read");
        }
        Path literal = normal.getRoot();
        int wildcardParts = 0;
        boolean recursive = false;
        for (Path part : normal) {
            if (wildcardParts > 0 || GLOB.matcher(part.toString()).find()) {
                wildcardParts++;
                recursive |= part.toString().contains("**");
            } else {
                literal = literal.resolve(part);
            }
        }
        if (!realOrNormal(deepestExisting(literal)).startsWith(realDataDir)) {
            throw leadsOut(text);
        }
        if (wildcardParts > 0) {
            checkGlobMatches(text, literal, recursive ? Integer.MAX_VALUE : wildcardParts);
        }
    }

    /**
     * Every entry a glob could reach from its literal directory, at most {@code depth} levels down, must stay in
     * the data directory once its symbolic links are resolved. DuckDB expands the glob itself, following links,
     * and its error names what it found, so a glob part before a link (data/lin*-out/secret.parquet) would tell
     * which files exist outside. Entries are checked whether or not the glob would match them, which is never
     * less than what DuckDB reaches, and a refusal depends only on the links inside the data directory.
     */
    private void checkGlobMatches(String text, Path literal, int depth) {
        if (!Files.isDirectory(literal)) {
            return;
        }
        try {
            Files.walkFileTree(literal, EnumSet.of(FileVisitOption.FOLLOW_LINKS), depth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    inside(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    inside(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // A dangling link or a loop of links: DuckDB finds nothing there either.
                    inside(file);
                    return FileVisitResult.CONTINUE;
                }

                private void inside(Path entry) {
                    if (Files.isSymbolicLink(entry) && !realOrNormal(entry).startsWith(realDataDir)) {
                        throw leadsOut(text);
                    }
                }
            });
        } catch (IOException e) {
            throw refused(text, "the files it matches cannot be listed");
        }
    }

    private SqlRefusedException leadsOut(String text) {
        return refused(text, "it leads out of the data directory " + dataDir + " through a symbolic link");
    }

    private static Path deepestExisting(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? path.getRoot() : existing;
    }

    private static Path realOrNormal(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.normalize();
        }
    }

    private static SqlRefusedException refused(String path, String reason) {
        return new SqlRefusedException("cannot read '" + path + "': " + reason);
    }
}
