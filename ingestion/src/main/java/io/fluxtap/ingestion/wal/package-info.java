/**
 * The write-ahead log of the P0 and P1 lanes: what makes an acknowledgement a promise.
 *
 * <h2>On-disk format</h2>
 * A lane's log is a directory ({@code data/wal/<lane>/}) of segment files named by the log sequence
 * number (LSN) of their first record, zero-padded to 20 digits: {@code 00000000000000000001.wal}. A segment
 * is a run of frames and nothing else:
 * <pre>
 *   +-----------------+-----------------+----------------+-------------------+
 *   | length: u32 BE  | crc32c: u32 BE  | lsn: u64 BE    | payload: length B |
 *   +-----------------+-----------------+----------------+-------------------+
 * </pre>
 * The CRC32C covers the LSN and the payload, so a frame torn anywhere, or a stale frame left by an
 * earlier use of the same bytes, is detected. LSNs are consecutive within a segment and increase across
 * segments; a new segment is started when the current one would pass the configured segment size, and after
 * a cut (below), so a segment may start past the previous one's last LSN.
 *
 * <h2>Durability</h2>
 * Appends go to the OS page cache; a dedicated sync thread calls {@code fsync} and then advances the
 * durable LSN, so one {@code fsync} serves every append that arrived before it (group commit). The P1
 * log lets the sync thread wait up to a few milliseconds to gather more appends; the P0 log syncs at once.
 *
 * <h2>I/O faults</h2>
 * A write that fails (a full disk) is truncated off again before the append returns, so a refused request
 * leaves no frame behind. An fsync that fails cuts everything after the last confirmed fsync: the segment is
 * truncated there, those LSNs are skipped for good and their waiters fail, and the lane does not store them
 * (it stores only durable records). The log is not closed by a fault: the next append tries the disk again.
 * A request refused after its append (its ack timed out, or its part in another lane failed) is discarded in
 * memory; its frames stay, and storage's applied LSN moves past them when the lane skips them.
 *
 * <h2>Recovery</h2>
 * Opening a log scans every segment. The first frame that is short, has an impossible length or a bad
 * CRC ends the log: its segment is truncated there and any later segment deleted (a crash can only
 * leave garbage at the tail), and the finding is reported so health can show it.
 *
 * <h2>Release</h2>
 * Storage records the highest LSN it applied in the same transaction as the rows; segments whose records
 * are all at or below it are deleted. The newest segment is never deleted, so its name still tells the
 * next LSN after a restart even when every record was applied.
 */
package io.fluxtap.ingestion.wal;
