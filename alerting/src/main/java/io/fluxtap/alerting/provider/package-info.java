/**
 * The alert store (Alertmanager's {@code provider/mem}): alerts by fingerprint, merged by
 * {@link io.fluxtap.alerting.provider.StoredAlert#merge} when re-posted, resolve_timeout for alerts posted without an
 * end, collection of resolved alerts, and the subscription the dispatcher follows; plus the
 * {@link io.fluxtap.alerting.provider.AlertMarker} behind the API v2's alert {@code status}.
 */
package io.fluxtap.alerting.provider;
