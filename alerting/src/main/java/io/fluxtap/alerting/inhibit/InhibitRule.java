package io.fluxtap.alerting.inhibit;

import io.fluxtap.alerting.config.InhibitRuleConfig;
import io.fluxtap.alerting.matchers.Matchers;
import io.fluxtap.api.Alert;
import io.fluxtap.api.Labels;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One inhibition rule as Alertmanager's {@code inhibit.InhibitRule}: a target is muted by a firing source alert
 * with equal values for every {@code equal} label (absent and empty are the same).
 *
 * @param name           the rule's name, "" when none
 * @param sourceMatchers what an inhibiting alert matches
 * @param targetMatchers what an inhibited alert matches
 * @param equal          labels whose values must agree
 */
public record InhibitRule(String name, Matchers sourceMatchers, Matchers targetMatchers, List<String> equal) {

    public InhibitRule {
        Objects.requireNonNull(sourceMatchers, "sourceMatchers");
        Objects.requireNonNull(targetMatchers, "targetMatchers");
        equal = List.copyOf(equal);
    }

    public static InhibitRule of(InhibitRuleConfig config) {
        return new InhibitRule(config.name(), config.sourceMatchers(), config.targetMatchers(), config.equal());
    }

    /**
     * The source alert that mutes {@code target}, if any.
     *
     * @param alerts the current alerts (resolved ones and ones not matching the source side are skipped)
     */
    public Optional<Alert> inhibitingSource(Labels target, Collection<Alert> alerts, Instant now) {
        if (!targetMatchers.matches(target)) {
            return Optional.empty();
        }
        // A target that also matches the source side may only be muted by a source that does not match the
        // target side, so that an alert never inhibits itself (or its twin).
        return equalSource(target, alerts, now, sourceMatchers.matches(target));
    }

    /** Alertmanager's {@code hasEqual}: a firing source alert with the target's {@code equal} label values. */
    Optional<Alert> equalSource(Labels target, Collection<Alert> alerts, Instant now, boolean excludeTwoSided) {
        for (Alert a : alerts) {
            if (a.isResolvedAt(now) || !sourceMatchers.matches(a.labels())) {
                continue;
            }
            if (!equalLabels(a.labels(), target)) {
                continue;
            }
            if (excludeTwoSided && targetMatchers.matches(a.labels())) {
                continue;
            }
            return Optional.of(a);
        }
        return Optional.empty();
    }

    /** The values of the {@code equal} labels, "" for an absent one: alerts with the same list may inhibit. */
    List<String> equalValues(Labels labels) {
        List<String> values = new java.util.ArrayList<>(equal.size());
        for (String name : equal) {
            values.add(Objects.requireNonNullElse(labels.get(name), ""));
        }
        return values;
    }

    private boolean equalLabels(Labels source, Labels target) {
        for (String name : equal) {
            if (!Objects.requireNonNullElse(source.get(name), "")
                    .equals(Objects.requireNonNullElse(target.get(name), ""))) {
                return false;
            }
        }
        return true;
    }
}
