/**
 * Fluxtap's own logger levels at run time (java.util.logging, the one logging backend): what
 * {@code GET/PUT /api/v1/loggers} and {@code bin/fluxtap --level} change, named as {@link io.fluxtap.api.Level}
 * names levels so operators use one vocabulary for their services and for Fluxtap.
 */
package io.fluxtap.ingestion.loggers;
