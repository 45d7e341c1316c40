/**
 * Test fixtures shared by the modules' tests: {@link io.fluxtap.testing.Await} (polling with a deadline, on
 * Awaitility) and {@link io.fluxtap.testing.LoghubSamples} (the loghub datasets as log records). It depends on
 * {@code api} only and is a test-scope dependency of the modules that use it; fixtures that drive one module's
 * internals (its OTLP/HTTP server, its CDI container) stay in that module's {@code testing} test package.
 */
package io.fluxtap.testing;
