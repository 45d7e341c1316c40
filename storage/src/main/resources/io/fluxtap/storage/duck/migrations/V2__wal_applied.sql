-- The highest write-ahead-log sequence number stored per lane. Written in the same transaction as the
-- rows it covers, so after a crash the WAL is replayed from exactly the first record not stored.
CREATE TABLE wal_applied (
    lane VARCHAR PRIMARY KEY,
    lsn  UBIGINT NOT NULL
);
