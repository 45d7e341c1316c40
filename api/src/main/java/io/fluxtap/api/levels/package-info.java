/**
 * The runtime level control as a port: per-service minimum levels an operator sets for a while (the ingest level
 * filter applies them, senders poll them) and the levels of Fluxtap's own loggers. Ingestion implements
 * {@link io.fluxtap.api.levels.LevelControl}; the dashboard and anything else that is not ingestion reach it only
 * through this port.
 */
package io.fluxtap.api.levels;
