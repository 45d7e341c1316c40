/**
 * {@code fluxtap promql-test}: runs Prometheus' PromQL test files (the {@code load}/{@code eval}/{@code clear}
 * format of {@code promql/promqltest}) against storage's PromQL engine over an in-memory series source, the way
 * Prometheus' own runner does (with its {@code @}-pinned and range-mode variants of every instant eval).
 * {@link io.fluxtap.tools.promqltest.PromqlTestMain} is the picocli command, {@link
 * io.fluxtap.tools.promqltest.PromqlTestRunner} the runner the conformance test uses too.
 */
package io.fluxtap.tools.promqltest;
