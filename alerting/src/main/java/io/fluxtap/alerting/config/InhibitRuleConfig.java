package io.fluxtap.alerting.config;

import io.fluxtap.alerting.matchers.Matchers;

import java.util.List;

/**
 * An {@code <inhibit_rule>}: {@code source_matchers} with {@code source_match(_re)}, {@code target_matchers} with
 * {@code target_match(_re)}, merged.
 *
 * @param name   optional name, "" when none
 * @param equal  label names whose values must agree
 */
public record InhibitRuleConfig(String name, Matchers sourceMatchers, Matchers targetMatchers, List<String> equal) {

    public InhibitRuleConfig {
        equal = List.copyOf(equal);
    }
}
