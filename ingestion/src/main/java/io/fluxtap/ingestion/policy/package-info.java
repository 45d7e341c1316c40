/**
 * The policy stages records pass between decode and the lanes: level filter, masking, tail sampling (each in a
 * package of its own below this one). They run before the write-ahead log, so what a policy removes or rewrites
 * never reaches a byte Fluxtap writes.
 */
package io.fluxtap.ingestion.policy;
