package io.fluxtap.storage.duck;

import io.fluxtap.api.DbQueryTimings;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Times every statement run through Jdbi (all of the store's reads, the state store, retention, the SQL console) with
 * Jdbi's own hook, labelled by its first keyword and the first table it names after {@code FROM}, {@code INTO} or
 * {@code UPDATE}. The table label is kept only when it is one of the schema's tables or views (or a Parquet read), so
 * arbitrary console SQL cannot grow the label set. Labels are worked out once per statement text.
 */
final class QueryTimingLogger implements SqlLogger {

    private static final Pattern FIRST_WORD = Pattern.compile("^\\s*(?:--[^\\n]*\\n\\s*|/\\*.*?\\*/\\s*)*([A-Za-z]+)",
            Pattern.DOTALL);
    private static final Pattern TABLE = Pattern.compile(
            "\\b(?:from|into|update)\\s+(?:\"?(?:main|temp)\"?\\.)?\"?([A-Za-z_][A-Za-z0-9_]*)\"?(\\()?",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> OPERATIONS = Set.of("select", "insert", "update", "delete", "copy");
    /** Statement texts are few (prepared by the code) but console SQL is not: past this, labels are not cached. */
    private static final int MAX_CACHED = 2_000;

    private final Supplier<DbQueryTimings> timings;
    private final Set<String> tables;
    private final Map<String, String[]> labels = new ConcurrentHashMap<>();

    /**
     * @param timings where to report, asked at every statement (the server's is found once the container is up)
     * @param tables  the schema's table and view names, lower case
     */
    QueryTimingLogger(Supplier<DbQueryTimings> timings, Set<String> tables) {
        this.timings = timings;
        this.tables = Set.copyOf(tables);
    }

    @Override
    public void logAfterExecution(StatementContext context) {
        report(context);
    }

    @Override
    public void logException(StatementContext context, SQLException ex) {
        report(context);
    }

    private void report(StatementContext context) {
        DbQueryTimings target = timings.get();
        if (target == DbQueryTimings.NONE || context.getRenderedSql() == null) {
            return;
        }
        String sql = context.getRenderedSql();
        String[] operationAndTable = labels.get(sql);
        if (operationAndTable == null) {
            operationAndTable = classify(sql);
            if (labels.size() < MAX_CACHED) {
                labels.put(sql, operationAndTable);
            }
        }
        target.observe(operationAndTable[0], operationAndTable[1], context.getElapsedTime(ChronoUnit.NANOS));
    }

    /** {operation, table} of a statement. */
    String[] classify(String sql) {
        Matcher first = FIRST_WORD.matcher(sql);
        String word = first.find() ? first.group(1).toLowerCase(Locale.ROOT) : "";
        String operation = word.equals("with") ? "select" : OPERATIONS.contains(word) ? word : "other";
        String table = "other";
        Matcher named = TABLE.matcher(sql);
        if (named.find()) {
            String name = named.group(1).toLowerCase(Locale.ROOT);
            boolean call = named.group(2) != null;
            if (call ? name.startsWith("read_parquet") : tables.contains(name)) {
                table = name;
            }
        }
        return new String[] {operation, table};
    }
}
