-- The hot window of business messages (lane P0), every wire in one table. The columns every signal shares
-- come first, named and typed as in active_logs (DESIGN.md); level is always NULL: a business message has no
-- severity (as a metric sample has none).
--
-- ts is the time the wire spec names, else the time of arrival. wire_id is the wire's id as configured
-- (e.g. 'fluxSpec/visa-v1'). promoted holds the wire's promoted fields as one JSON object of typed values
-- (strings, numbers, booleans; timestamps as RFC 3339 strings in UTC), which the per-wire views
-- messages_<wire> turn into typed columns; json is the message exactly as it was sent.
--
-- A flux id names one message of a wire: the primary key lets the writer skip a message whose
-- (wire_id, flux_id) is stored already (a sender's retry), so the first copy stays and a retry never fails
-- the batch around it.
CREATE TABLE active_messages (
    ts          TIMESTAMPTZ NOT NULL,
    trace_id    VARCHAR,
    span_id     VARCHAR,
    flux_id     UBIGINT NOT NULL,
    machine_id  VARCHAR,
    entity_name VARCHAR,
    gear_id     VARCHAR,
    level       VARCHAR,
    wire_id     VARCHAR NOT NULL,
    promoted    JSON NOT NULL,
    json        JSON NOT NULL,
    PRIMARY KEY (wire_id, flux_id)
);
