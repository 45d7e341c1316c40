/**
 * How every module reads its configuration values: {@link io.fluxtap.api.config.DurationConverter} makes
 * MicroProfile Config read durations as {@link io.fluxtap.api.DurationText} writes them ({@code 30s}, {@code 1h30m}).
 */
package io.fluxtap.api.config;
