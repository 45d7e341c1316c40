package io.fluxtap.ui.services;

import io.fluxtap.ui.sql.Buckets;
import io.fluxtap.ui.sql.Sql;

import java.time.Instant;

/** The Services pages' statements. */
final class RedSql {

    static final String REQUEST = "(kind IN ('server', 'consumer') OR parent_span_id IS NULL)";
    private static final String RED = "count(*) AS requests, count(*) FILTER (WHERE status_code = 'error') AS errors,"
            + " quantile_cont(duration_ns / 1e6, 0.5) AS p50, quantile_cont(duration_ns / 1e6, 0.95) AS p95,"
            + " quantile_cont(duration_ns / 1e6, 0.99) AS p99";

    private RedSql() {
    }

    static String perService(Instant from, Instant to) {
        return "SELECT entity_name AS service, " + RED + " FROM spans WHERE " + Sql.between("ts", from, to)
                + " AND " + REQUEST + " AND entity_name IS NOT NULL GROUP BY 1 ORDER BY requests DESC LIMIT 500";
    }

    static String sparklines(Buckets buckets) {
        return "SELECT entity_name AS service, " + buckets.sqlBucket("ts") + " AS bucket, count(*) AS n FROM spans WHERE "
                + Sql.between("ts", buckets.from(), buckets.to()) + " AND " + REQUEST
                + " AND entity_name IS NOT NULL GROUP BY ALL";
    }

    static String overTime(String service, Buckets buckets) {
        return "SELECT " + buckets.sqlBucket("ts") + " AS bucket, " + RED + " FROM spans WHERE "
                + Sql.between("ts", buckets.from(), buckets.to()) + " AND " + REQUEST
                + " AND entity_name = " + Sql.text(service) + " GROUP BY 1 ORDER BY 1";
    }

    static String operations(String service, Instant from, Instant to) {
        return "SELECT name AS operation, " + RED + " FROM spans WHERE " + Sql.between("ts", from, to)
                + " AND entity_name = " + Sql.text(service) + " GROUP BY 1 ORDER BY requests DESC LIMIT 20";
    }

    static String recentErrors(String service, Instant from, Instant to) {
        return "SELECT ts, trace_id, name, status_message, duration_ns FROM spans WHERE " + Sql.between("ts", from, to)
                + " AND entity_name = " + Sql.text(service) + " AND status_code = 'error' ORDER BY ts DESC LIMIT 20";
    }

    static String logs(String service, Instant from, Instant to) {
        return "SELECT ts, level, body, trace_id FROM logs WHERE " + Sql.between("ts", from, to)
                + " AND entity_name = " + Sql.text(service) + " ORDER BY ts DESC LIMIT 50";
    }
}
