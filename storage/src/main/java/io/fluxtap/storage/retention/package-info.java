/**
 * Stage "expire": the retention policy per signal ({@code fluxtap.retention.*}) and the sweep that applies it to
 * the active tables, the warehouse's hour partitions and the metric series.
 */
package io.fluxtap.storage.retention;
