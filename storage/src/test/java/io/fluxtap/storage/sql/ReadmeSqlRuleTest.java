package io.fluxtap.storage.sql;

import io.fluxtap.api.Lane;
import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.RecordBatch;
import io.fluxtap.api.RecordSink;
import io.fluxtap.api.SqlQueries;
import io.fluxtap.storage.duck.DuckDbDatabase;
import io.fluxtap.storage.duck.DuckDbRecordSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.fluxtap.storage.testing.Logs.log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code sql:} rule of README.md's "Alerting rules" section runs as pasted over the real store, through the SQL
 * console's guard as a rule's statement does, and finds what its prose promises: the services with more than 10
 * error logs in the last 5 minutes, as label {@code service} and {@code value}. (alerting's
 * {@code ReadmeRuleExampleTest} checks that the file loads; only a store can tell whether the statement runs.)
 */
class ReadmeSqlRuleTest {

    @TempDir
    Path tmp;

    @Test
    void theReadmesSqlRuleFindsTheServicesWithAnErrorBurst() throws IOException {
        String statement = readmeRuleStatement();
        DuckDbDatabase db = new DuckDbDatabase(tmp);
        SqlConsole console = new SqlConsole(db, Duration.ofSeconds(5), 3);
        try {
            Instant now = Instant.now();
            List<LogRecord> logs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                logs.add(log("checkout", Level.ERROR, "payment declined " + i, now.minusSeconds(10 + i)));
            }
            for (int i = 0; i < 10; i++) {
                logs.add(log("cart", Level.ERROR, "only ten " + i, now.minusSeconds(10 + i)));
                logs.add(log("search", Level.ERROR, "too old " + i, now.minusSeconds(400 + i)));
                logs.add(log("search", Level.INFO, "not errors " + i, now.minusSeconds(10 + i)));
            }
            logs.add(log("search", Level.ERROR, "recent", now.minusSeconds(5)));
            try (RecordSink.Writer writer = new DuckDbRecordSink(db).openWriter(Lane.P1)) {
                writer.write(new RecordBatch(Lane.P1, logs, List.of(), List.of(), RecordBatch.NO_WAL));
            }

            SqlQueries.Result result = new ConsoleSqlQueries(console).query(statement, Duration.ofSeconds(30));

            assertEquals(List.of(new SqlQueries.Column("service", "VARCHAR"), new SqlQueries.Column("value", "BIGINT")),
                    result.columns(), statement);
            assertEquals(List.of(List.of("checkout", 12L)), result.rows());
        } finally {
            console.stop();
            db.close();
        }
    }

    /** The folded {@code sql: >} scalar of the README's rule file, as YAML folds it: its lines joined by spaces. */
    private static String readmeRuleStatement() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int section = readme.indexOf("## Alerting rules");
        assertTrue(section >= 0, "README.md has an Alerting rules section");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        List<String> lines = readme.substring(start, readme.indexOf("```", start)).lines().toList();
        int sql = 0;
        while (!lines.get(sql).trim().equals("sql: >")) {
            sql++;
        }
        int indent = lines.get(sql).indexOf("sql:");
        List<String> folded = new ArrayList<>();
        for (String line : lines.subList(sql + 1, lines.size())) {
            if (line.length() - line.stripLeading().length() <= indent) {
                break;
            }
            folded.add(line.trim());
        }
        return String.join(" ", folded);
    }
}
