/**
 * How the pages read what no api port answers (service RED figures, a trace with its spans, counts over time):
 * SQL over the views ({@code logs}, {@code spans}, {@code messages}, {@code metrics}) through the {@code SqlQueries}
 * port, the one the SQL console and {@code sql:} alert rules use, so the dashboard gets the console's guard and
 * limits and needs no port of its own per page. The port takes SQL text without parameters: every value a user
 * typed goes through {@link io.fluxtap.ui.sql.Sql}'s literals, and {@link io.fluxtap.ui.sql.Buckets} picks the
 * time step a chart of a range is grouped by.
 */
package io.fluxtap.ui.sql;
