package io.fluxtap.ui.console;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.fluxtap.api.QueryException;
import io.fluxtap.api.SqlQueries;
import io.fluxtap.ui.DashboardContext;
import io.fluxtap.ui.login.DashboardAccess;
import io.fluxtap.ui.ServiceLookup;
import io.fluxtap.ui.sql.Sql;
import io.fluxtap.ui.views.MainLayout;
import com.vaadin.flow.server.streams.DownloadHandler;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import java.util.List;

/** The SQL console; see the package documentation. */
@Route(value = "sql", layout = MainLayout.class)
@PageTitle("SQL · Fluxtap")
public class SqlConsoleView extends VerticalLayout {

    /** The seed queries of DESIGN.md, offered as examples. */
    static final List<String> EXAMPLES = List.of(
            """
            SELECT gear_id, count(*) AS error_count FROM (
              SELECT gear_id, level, ts FROM active_logs
              UNION ALL SELECT gear_id, level, ts FROM read_parquet('./data/telemetry/logs/**/*.parquet'))
            WHERE level = 'error' AND ts > NOW() - INTERVAL '4 hours' GROUP BY 1 ORDER BY 2 DESC""",
            """
            SELECT bin, currency, SUM(amount) AS total
            FROM './data/messages/fluxSpec/visa-v1/**/*.parquet'
            WHERE ts > NOW() - INTERVAL '24 hours' GROUP BY 1, 2 ORDER BY total DESC""");

    private final ServiceLookup services;
    private final TextArea editor = new TextArea("SQL");
    private final Span status = new Span();
    private final Grid<List<Object>> grid = new Grid<>();
    private final Anchor download = new Anchor();

    public SqlConsoleView() {
        services = DashboardContext.current().services();
        setSizeFull();
        editor.setId("sql-editor");
        editor.setWidthFull();
        editor.setValue(EXAMPLES.getFirst());
        Button run = new Button("Run", e -> run());
        run.setId("sql-run");
        run.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout actions = new HorizontalLayout(run);
        for (int i = 0; i < EXAMPLES.size(); i++) {
            String example = EXAMPLES.get(i);
            Button pick = new Button("Example " + (i + 1), e -> editor.setValue(example));
            pick.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            actions.add(pick);
        }
        status.setId("sql-status");
        grid.setId("sql-results");
        download.setId("sql-csv");
        download.setText("Download CSV");
        download.setVisible(false);
        add(new H2("SQL"), editor, actions, status, download, grid);
    }

    private void run() {
        // Checked here too: the page's gate (AccessGate) is not the only way a request reaches this listener.
        if (!DashboardAccess.canRunSql()) {
            status.setText("The SQL console is for editors and admins here (fluxtap.dashboard.viewer-sql=false).");
            return;
        }
        List<SqlQueries> sql = services.all(SqlQueries.class);
        if (sql.isEmpty()) {
            status.setText("No SQL service: the console needs the storage module.");
            return;
        }
        grid.removeAllColumns();
        download.setVisible(false);
        grid.setItems(List.of());
        long started = System.nanoTime();
        try {
            SqlQueries.Result result = sql.getFirst().query(editor.getValue(), Sql.TIMEOUT);
            long millis = (System.nanoTime() - started) / 1_000_000;
            for (int i = 0; i < result.columns().size(); i++) {
                int index = i;
                SqlQueries.Column column = result.columns().get(i);
                grid.addColumn(row -> row.get(index) == null ? "NULL" : row.get(index).toString())
                        .setHeader(column.name() + " · " + column.type()).setResizable(true);
            }
            grid.setItems(result.rows());
            byte[] csv = Csv.of(result).getBytes(StandardCharsets.UTF_8);
            download.setHref(DownloadHandler.fromInputStream(event -> new com.vaadin.flow.server.streams.DownloadResponse(
                    new ByteArrayInputStream(csv), "result.csv", "text/csv", csv.length)));
            download.setVisible(true);
            status.setText(result.rows().size() + " rows in " + millis + " ms"
                    + (result.truncated() ? " (row limit reached: more rows were cut)" : ""));
        } catch (QueryException e) {
            // The message is the console's or DuckDB's own (a parse error, an unknown column), shown in the page.
            status.setText("Error: " + e.getMessage());
        }
    }
}
