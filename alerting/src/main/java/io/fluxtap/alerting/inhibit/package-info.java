/**
 * Inhibition as Alertmanager's {@code inhibit} package: {@link io.fluxtap.alerting.inhibit.Inhibitor} mutes an
 * alert while a firing alert matching a rule's source side, with equal {@code equal} labels, exists. The
 * dispatcher supplies the current alerts; this package keeps no state.
 */
package io.fluxtap.alerting.inhibit;
