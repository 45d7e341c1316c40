package io.fluxtap.api;

import java.util.List;

/** Read side of the log store, shared by the REST API and the dashboard. */
public interface LogQuery {

    /** @throws LogQuerySyntaxException when {@link LogSearch#query()} does not parse or names an unknown field */
    List<LogRecord> search(LogSearch search);

    /** The service names seen in the stored logs, sorted. */
    List<String> entityNames();
}
