/**
 * Reloading the server's configuration files, as Prometheus and Alertmanager reload theirs: {@code POST}/{@code PUT
 * /-/reload} ({@link io.fluxtap.dist.reload.ReloadResource}) and SIGHUP ({@link io.fluxtap.dist.reload.HangupReload})
 * both call every {@link io.fluxtap.api.Reloadable} bean through {@link io.fluxtap.dist.reload.Reloader}.
 */
package io.fluxtap.dist.reload;
