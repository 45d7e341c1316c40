-- Alerting's durable state and its history (issue #12).
--
-- alerting_state: the documents of the StateStore port (api), by namespace and key: the notification log
-- (namespace nflog), silences (silences) and the rules' alerts for `for` restoration (alerts). json is the document
-- as the caller wrote it; expires_at NULL means never. A row past expires_at is no longer loaded and the retention
-- sweep deletes it.
CREATE TABLE alerting_state (
    namespace  VARCHAR NOT NULL,
    key        VARCHAR NOT NULL,
    json       JSON NOT NULL,
    expires_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (namespace, key)
);

-- The AlertHistory port's records; hot tables like active_logs, exported hourly to the warehouse
-- (alerts/history/..., alerts/notifications/...), kept for fluxtap.retention.alert-history.
-- id orders records of the same microsecond (the API's cursor); unique, increasing within one database.
-- fingerprint is Alertmanager's: 16 hex digits of the labels' FNV-1a hash.
-- from_state / to_state: inactive, pending, firing, resolved. value is NaN when the expression no longer returned it.
CREATE TABLE active_alert_history (
    ts          TIMESTAMPTZ NOT NULL,
    id          BIGINT NOT NULL,
    rule_file   VARCHAR NOT NULL,
    rule_group  VARCHAR NOT NULL,
    rule_name   VARCHAR NOT NULL,
    fingerprint VARCHAR NOT NULL,
    labels      MAP(VARCHAR, VARCHAR) NOT NULL,
    annotations MAP(VARCHAR, VARCHAR) NOT NULL,
    from_state  VARCHAR NOT NULL,
    to_state    VARCHAR NOT NULL,
    value       DOUBLE
);

-- One row per attempt to deliver a notification through one integration. alerts is a JSON array of
-- {"fingerprint","status","labels"}; status success or failed; http_status NULL when there was no HTTP answer;
-- latency_ms the attempt's duration in milliseconds; error NULL on success; attempt 1 for the first try.
CREATE TABLE active_notification_history (
    ts                TIMESTAMPTZ NOT NULL,
    id                BIGINT NOT NULL,
    receiver          VARCHAR NOT NULL,
    integration       VARCHAR NOT NULL,
    integration_index INTEGER NOT NULL,
    group_key         VARCHAR NOT NULL,
    group_labels      MAP(VARCHAR, VARCHAR) NOT NULL,
    alerts            JSON NOT NULL,
    status            VARCHAR NOT NULL,
    http_status       INTEGER,
    latency_ms        DOUBLE NOT NULL,
    error             VARCHAR,
    attempt           INTEGER NOT NULL
);

-- The names queries use (hot UNION ALL BY NAME warehouse once there are files, as for logs).
CREATE VIEW alert_history AS SELECT * FROM active_alert_history;
CREATE VIEW notification_history AS SELECT * FROM active_notification_history;
