/**
 * The sanitize stage between decoding and the lanes: bounds what one record may carry (attribute count,
 * attribute value length) so a careless or hostile sender cannot bloat the store. Excess is truncated and
 * counted, never an error: the record itself is worth keeping.
 */
package io.fluxtap.ingestion.sanitize;
