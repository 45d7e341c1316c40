/**
 * PromQL: the engine's seam ({@link io.fluxtap.storage.promql.PromqlEngine}, results, limits, errors). The stages
 * live in sub-packages: {@code parse} (text to syntax tree), {@code eval} (the evaluator and its functions),
 * {@code series} (where samples come from).
 */
package io.fluxtap.storage.promql;
