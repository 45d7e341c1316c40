/**
 * The level agent: runs inside an application (as {@code -javaagent:fluxtap-level-agent.jar=url=...,service=...} or
 * through {@link io.fluxtap.agent.level.FluxtapLevelAgent#start}), long-polls Fluxtap's
 * {@code GET /api/v1/levels/{service}} with {@code If-None-Match} and {@code ?wait=}, and sets the application's root
 * logger level to what an operator set there: java.util.logging always, Logback and Log4j2 by reflection when the
 * application has them. Hand-written and dependency-free because it lands on other people's class paths: the JDK's
 * HttpClient polls, a regular expression reads the two fields of a fixed, flat answer, and OpenTelemetry's OpAMP
 * client (the standard way to push such settings) is not in the reachable repository.
 */
package io.fluxtap.agent.level;
