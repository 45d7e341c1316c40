package io.fluxtap.api.alerts;

import java.time.Instant;
import java.util.List;

/**
 * Alerts, rules, silences and notification history as a person manages them. Safe for concurrent use.
 *
 * <pre>{@code
 * AlertEntry alert = alerts.alerts().getFirst();
 * String id = alerts.createSilence(SilenceRequest.of(SilenceMatcher.equalTo(alert.labels()),
 *         Instant.now(), Instant.now().plus(Duration.ofHours(2)), "ops", "deploying"));
 * alerts.alerts().getFirst().silencedBy();   // [id]
 * alerts.expireSilence(id);
 * }</pre>
 */
public interface AlertControl {

    /** Pending alerts of the rules and the alerts Alertmanager holds (firing), silenced and inhibited ones too. */
    List<AlertEntry> alerts();

    /** Every rule group loaded, in the rule files' order. */
    List<RuleGroupEntry> ruleGroups();

    /** Every silence kept: active by end, then pending by start, then expired (latest first), as Alertmanager. */
    List<SilenceEntry> silences();

    /**
     * Creates a silence, or updates the one {@link SilenceRequest#id()} names as Alertmanager does (in place when
     * only the comment or a later end changes, else that one is expired and a new one made).
     *
     * @return the id of the silence now in force
     * @throws SilenceRequestException when the silence is refused or the id is unknown; then nothing changed
     */
    String createSilence(SilenceRequest request);

    /** @throws SilenceRequestException when there is no such silence */
    void expireSilence(String id);

    /** The receivers of the Alertmanager configuration, in its order. */
    List<String> receivers();

    /**
     * Notification attempts from {@code from} to {@code to}, newest first.
     *
     * @param receiver one receiver, or null for all
     * @throws IllegalStateException when the history cannot be read (its message says why)
     */
    List<NotificationEntry> notifications(String receiver, Instant from, Instant to, int limit);
}
