/**
 * The dashboard's Levels page: every service seen (from the overrides and the log store) with the level it is held
 * to, its override (who, why, until when, throttled), a form to set a level with a TTL (the TRACE/DEBUG guard shown
 * beside it), and Fluxtap's own logger levels. It reads and writes through api's {@code LevelControl} port, the
 * same service the REST API uses.
 */
package io.fluxtap.ui.levels;
