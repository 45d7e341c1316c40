/**
 * The masking stage (issue #14): card numbers (PANs) and configured attributes are masked in every record between
 * decode and the lanes, so none reaches the write-ahead log, DuckDB, the warehouse's Parquet files or Fluxtap's own
 * log lines. {@link io.fluxtap.ingestion.policy.mask.PanScanner} finds card numbers without regular expressions
 * (what counts as one is documented there); {@link io.fluxtap.ingestion.policy.mask.Replacements} truncates or
 * tokenizes them (HMAC-SHA256 under {@link io.fluxtap.ingestion.policy.mask.TokenKey}, so equal card numbers give
 * equal tokens across signals); {@link io.fluxtap.ingestion.policy.mask.MaskSettings} reads and checks the
 * {@code fluxtap.mask.*} keys; {@link io.fluxtap.ingestion.policy.mask.MaskingStage} applies them to logs, spans,
 * metrics and business messages (with the wire specs' own {@code mask} entries), counting on
 * {@code fluxtap_masked_total{signal,rule}}.
 */
package io.fluxtap.ingestion.policy.mask;
