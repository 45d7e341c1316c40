package io.fluxtap.alerting.server;

import io.fluxtap.alerting.config.PromDuration;
import io.fluxtap.alerting.rules.NameValidation;
import io.fluxtap.alerting.rules.RuleSettings;
import org.eclipse.microprofile.config.Config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The server's alerting keys (defaults in this module's META-INF/microprofile-config.properties, documented in
 * README.md's configuration table).
 *
 * @param alertmanagerConfig {@code fluxtap.alertmanager.config-file} resolved: an absolute path as given, a relative
 *                           one against {@code fluxtap.home} when set, else the working directory (env
 *                           {@code FLUXTAP_ALERTMANAGER_CONFIG_FILE} is the same key through MicroProfile Config)
 * @param rules              the {@code fluxtap.alerting.*} rule engine settings
 * @param maintenance        {@code fluxtap.alertmanager.maintenance-interval}: how often expired silences and
 *                           notification log entries are collected (Alertmanager's 15m)
 * @param alertsGc           {@code fluxtap.alertmanager.alerts-gc-interval}: how often resolved alerts leave the
 *                           store (Alertmanager's {@code --alerts.gc-interval}, 30m)
 * @param retention          {@code fluxtap.alertmanager.retention}: how long expired silences and notification log
 *                           entries are kept (Alertmanager's {@code --data.retention}, 120h)
 */
public record AlertingSettings(Path alertmanagerConfig, RuleSettings rules, Duration maintenance, Duration alertsGc,
                               Duration retention) {

    public static final String CONFIG_FILE = "fluxtap.alertmanager.config-file";
    public static final String EXTERNAL_LABELS = "fluxtap.alerting.external-labels";
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public static AlertingSettings from(Config config) {
        String home = config.getOptionalValue("fluxtap.home", String.class)
                .orElse(System.getProperty("fluxtap.home"));
        Path file = resolve(config.getOptionalValue(CONFIG_FILE, String.class).orElse("conf/alertmanager.yml"), home);
        RuleSettings rules = new RuleSettings(
                config.getOptionalValue("fluxtap.alerting.rule-files", String.class)
                        .orElse(RuleSettings.DEFAULT_RULE_FILES),
                home,
                duration(config, "fluxtap.alerting.evaluation-interval", RuleSettings.DEFAULT_EVALUATION_INTERVAL),
                duration(config, "fluxtap.alerting.query-offset", Duration.ZERO),
                duration(config, "fluxtap.alerting.resend-delay", RuleSettings.DEFAULT_RESEND_DELAY),
                config.getOptionalValue("fluxtap.alerting.sql-sample-rows", Integer.class)
                        .orElse(RuleSettings.DEFAULT_SQL_SAMPLE_ROWS),
                config.getOptionalValue("fluxtap.alerting.external-url", String.class).orElse(""),
                externalLabels(config.getOptionalValue(EXTERNAL_LABELS, String.class).orElse("")),
                NameValidation.valueOf(config.getOptionalValue("fluxtap.alerting.name-validation", String.class)
                        .orElse("utf8").strip().toUpperCase(Locale.ROOT)));
        return new AlertingSettings(file, rules,
                positive(config, "fluxtap.alertmanager.maintenance-interval", Duration.ofMinutes(15)),
                positive(config, "fluxtap.alertmanager.alerts-gc-interval", Duration.ofMinutes(30)),
                positive(config, "fluxtap.alertmanager.retention", Duration.ofHours(120)));
    }

    /** An absolute path as given; a relative one against the installation when known, else the working directory. */
    static Path resolve(String configured, String home) {
        Path path = Path.of(configured.strip());
        if (!path.isAbsolute() && home != null && !home.isBlank()) {
            path = Path.of(home).resolve(path);
        }
        return path.toAbsolutePath().normalize();
    }

    /**
     * {@code fluxtap.alerting.external-labels}: {@code name=value} pairs separated by commas, Prometheus'
     * {@code global.external_labels} for this server's rules (added to the alerts they send where the alert does not
     * set the label, and {@code $externalLabels} in their templates).
     */
    static Map<String, String> externalLabels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair.strip() : pair.substring(0, eq).strip();
            if (eq < 0 || !LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
                throw new IllegalArgumentException(EXTERNAL_LABELS + ": \"" + pair.strip()
                        + "\" is not name=value with a valid label name");
            }
            String value = pair.substring(eq + 1).strip();
            if (value.isEmpty()) {
                throw new IllegalArgumentException(EXTERNAL_LABELS + ": label \"" + name + "\" has an empty value");
            }
            if (labels.put(name, value) != null) {
                throw new IllegalArgumentException(EXTERNAL_LABELS + ": label \"" + name + "\" is given twice");
            }
        }
        return labels;
    }

    /** The alerting keys take Prometheus' duration syntax ({@code 0s}, {@code 1m30s}), as rule files do. */
    private static Duration duration(Config config, String key, Duration fallback) {
        Optional<String> text = config.getOptionalValue(key, String.class);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return PromDuration.parse(text.get().strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static Duration positive(Config config, String key, Duration fallback) {
        Duration value = duration(config, key, fallback);
        if (!value.isPositive()) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
        return value;
    }
}
