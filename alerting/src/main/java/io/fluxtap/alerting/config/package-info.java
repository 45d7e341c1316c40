/**
 * Alertmanager's configuration file ({@code alertmanager.yml}) read and validated as Alertmanager does:
 * {@link io.fluxtap.alerting.config.AlertmanagerConfig#load(java.nio.file.Path)} gives typed records for the
 * global defaults, the route tree ({@link io.fluxtap.alerting.config.RouteConfig}, turned into routing by
 * {@code io.fluxtap.alerting.dispatch.Route}), the receivers (webhook, Slack and PagerDuty typed with their
 * defaults; every other integration validated and listed as unsupported), inhibit rules, time intervals and
 * template globs. Unknown fields are refused as Go's strict YAML does ({@code field X not found in type T}); every
 * other refusal carries Alertmanager's message. {@code *_file} secrets resolve against the config file's
 * directory and are read when used, not at load.
 */
package io.fluxtap.alerting.config;
