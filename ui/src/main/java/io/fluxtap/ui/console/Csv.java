package io.fluxtap.ui.console;

import io.fluxtap.api.SqlQueries;

import java.util.List;

/** A result as RFC 4180 CSV: a header row of column names, fields quoted when they hold a comma, quote or line break. */
final class Csv {

    private Csv() {
    }

    static String of(SqlQueries.Result result) {
        StringBuilder out = new StringBuilder();
        line(out, result.columns().stream().map(c -> (Object) c.name()).toList());
        for (List<Object> row : result.rows()) {
            line(out, row);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object value = values.get(i);
            String text = value == null ? "" : value.toString();
            if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
                out.append('"').append(text.replace("\"", "\"\"")).append('"');
            } else {
                out.append(text);
            }
        }
        out.append("\r\n");
    }
}
