package io.fluxtap.alerting.inhibit;

import io.fluxtap.alerting.config.InhibitRuleConfig;
import io.fluxtap.api.Alert;
import io.fluxtap.api.Labels;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answers whether an alert is muted by the configured inhibition rules, as Alertmanager's {@code Inhibitor.Mutes}:
 * the first rule whose target side matches and that has an inhibiting source decides.
 *
 * <pre>{@code
 * Inhibitor inhibitor = Inhibitor.of(config.inhibitRules(), alertStore::current);
 * if (inhibitor.mutes(alert.labels(), clock.instant())) { ... leave it out of the notification ... }
 * }</pre>
 *
 * The alert source is asked on every call, so it must be cheap (the dispatcher's in-memory alert store); this keeps
 * no cache of its own and so can never be stale.
 */
public final class Inhibitor {

    private final List<InhibitRule> rules;
    private final Supplier<? extends Collection<Alert>> alerts;

    /** @param alerts the current alerts, firing and resolved (resolved ones never inhibit) */
    public Inhibitor(List<InhibitRule> rules, Supplier<? extends Collection<Alert>> alerts) {
        this.rules = List.copyOf(rules);
        this.alerts = Objects.requireNonNull(alerts, "alerts");
    }

    public static Inhibitor of(List<InhibitRuleConfig> configs, Supplier<? extends Collection<Alert>> alerts) {
        return new Inhibitor(configs.stream().map(InhibitRule::of).toList(), alerts);
    }

    public boolean mutes(Labels target, Instant now) {
        return inhibitedBy(target, now).isPresent();
    }

    /** The alert that mutes the target (its fingerprint is what the API shows in {@code inhibitedBy}). */
    public Optional<Alert> inhibitedBy(Labels target, Instant now) {
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        Collection<Alert> current = alerts.get();
        for (InhibitRule rule : rules) {
            Optional<Alert> source = rule.inhibitingSource(target, current, now);
            if (source.isPresent()) {
                return source;
            }
        }
        return Optional.empty();
    }

    public List<InhibitRule> rules() {
        return rules;
    }
}
