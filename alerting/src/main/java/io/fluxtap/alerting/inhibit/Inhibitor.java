package io.fluxtap.alerting.inhibit;

import io.fluxtap.alerting.config.InhibitRuleConfig;
import io.fluxtap.api.Alert;
import io.fluxtap.api.Labels;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** Whether the target is muted now; asks the alert source once. For many targets, use {@link #snapshot}. */
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

    /**
     * The current alerts indexed once per rule by their {@code equal} label values, for checking many targets at
     * the same instant (a group flush, an API listing) in time independent of the number of alerts.
     */
    public Snapshot snapshot(Instant now) {
        if (rules.isEmpty()) {
            return new Snapshot(List.of());
        }
        Collection<Alert> current = alerts.get();
        List<RuleIndex> indexes = new ArrayList<>(rules.size());
        for (InhibitRule rule : rules) {
            Map<List<String>, Sources> byEqual = new HashMap<>();
            for (Alert a : current) {
                if (a.isResolvedAt(now) || !rule.sourceMatchers().matches(a.labels())) {
                    continue;
                }
                Sources sources = byEqual.computeIfAbsent(rule.equalValues(a.labels()), k -> new Sources());
                if (rule.targetMatchers().matches(a.labels())) {
                    sources.twoSided = sources.twoSided == null ? a : sources.twoSided;
                } else {
                    sources.sourceOnly = sources.sourceOnly == null ? a : sources.sourceOnly;
                }
            }
            indexes.add(new RuleIndex(rule, byEqual));
        }
        return new Snapshot(indexes);
    }

    /** The first source-only and the first two-sided inhibiting alert for one set of equal-label values. */
    private static final class Sources {
        Alert sourceOnly;
        Alert twoSided;
    }

    private record RuleIndex(InhibitRule rule, Map<List<String>, Sources> byEqual) {
    }

    /** Inhibition at one instant, over the alerts as they were when it was taken. */
    public static final class Snapshot {
        private final List<RuleIndex> indexes;

        private Snapshot(List<RuleIndex> indexes) {
            this.indexes = indexes;
        }

        public boolean mutes(Labels target) {
            return inhibitedBy(target).isPresent();
        }

        public Optional<Alert> inhibitedBy(Labels target) {
            for (RuleIndex index : indexes) {
                InhibitRule rule = index.rule();
                if (!rule.targetMatchers().matches(target)) {
                    continue;
                }
                Sources sources = index.byEqual().get(rule.equalValues(target));
                if (sources == null) {
                    continue;
                }
                if (sources.sourceOnly != null) {
                    return Optional.of(sources.sourceOnly);
                }
                // A target that matches both sides is only muted by a source that matches the source side alone.
                if (!rule.sourceMatchers().matches(target) && sources.twoSided != null) {
                    return Optional.of(sources.twoSided);
                }
            }
            return Optional.empty();
        }
    }

    public List<InhibitRule> rules() {
        return rules;
    }
}
