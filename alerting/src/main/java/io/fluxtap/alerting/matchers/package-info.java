/**
 * Label matchers as Alertmanager's {@code pkg/labels} and {@code matcher/parse}: {@link io.fluxtap.alerting.matchers.Matcher}
 * (one comparison), {@link io.fluxtap.alerting.matchers.Matchers} (a sorted conjunction, rendered as route keys
 * show it) and {@link io.fluxtap.alerting.matchers.MatcherParser} (UTF-8 and classic syntax, in Alertmanager's
 * fallback mode). Used by routes, inhibit rules, silences and amtool-style filters.
 */
package io.fluxtap.alerting.matchers;
