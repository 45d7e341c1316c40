/**
 * Alertmanager 0.25's dispatcher: {@link io.fluxtap.alerting.dispatch.Dispatcher} routes each alert the
 * {@link io.fluxtap.alerting.provider.AlertStore} takes through the route tree ({@link
 * io.fluxtap.alerting.dispatch.AlertRouter}, the configuration's {@code Route}) into aggregation groups keyed by
 * route and group labels, whose timers run the notification pipeline ({@link io.fluxtap.alerting.notify}).
 *
 * <p>Timing, as Alertmanager's {@code aggrGroup.run}: the first flush group_wait after the group is created (at once
 * if an alert that started more than group_wait ago arrives before the first flush); every later flush
 * group_interval after the previous one, whatever arrives meanwhile; a flush sends only what the notification log
 * says is new or due again (repeat_interval); resolved alerts leave the group once notified, and empty groups go at
 * the next cleanup (every 30 s).
 */
package io.fluxtap.alerting.dispatch;
