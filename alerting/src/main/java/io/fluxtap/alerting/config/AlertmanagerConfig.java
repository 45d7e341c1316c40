package io.fluxtap.alerting.config;

import io.fluxtap.alerting.timeinterval.TimeIntervals;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An Alertmanager configuration file, loaded and validated as Alertmanager's {@code config.LoadFile}.
 *
 * <pre>{@code
 * AlertmanagerConfig config = AlertmanagerConfig.load(Path.of("conf/alertmanager.yml"));
 * Route root = Route.of(config.route());                  // io.fluxtap.alerting.dispatch
 * config.receiver("team-X").orElseThrow().slacks();
 * }</pre>
 *
 * @param global        the global defaults
 * @param route         the root route
 * @param receivers     the receivers, names unique
 * @param inhibitRules  the inhibit rules
 * @param timeIntervals {@code time_intervals} and {@code mute_time_intervals} together
 * @param templates     template file globs, resolved against the config file's directory
 * @param original      the file's text, as {@code GET /api/v2/status} shows it
 */
public record AlertmanagerConfig(GlobalConfig global, RouteConfig route, List<Receiver> receivers,
                                 List<InhibitRuleConfig> inhibitRules, TimeIntervals timeIntervals,
                                 List<Path> templates, String original) {

    private static final Logger LOG = Logger.getLogger(AlertmanagerConfig.class.getName());

    public AlertmanagerConfig {
        receivers = List.copyOf(receivers);
        inhibitRules = List.copyOf(inhibitRules);
        templates = List.copyOf(templates);
    }

    /**
     * @throws ConfigException with Alertmanager's message when the file is invalid
     * @throws IOException     when it cannot be read
     */
    public static AlertmanagerConfig load(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        AlertmanagerConfig config = parse(Files.readString(absolute), absolute.getParent());
        for (Receiver receiver : config.receivers()) {
            if (!receiver.unsupported().isEmpty()) {
                LOG.log(Level.WARNING, () -> file + ": receiver \"" + receiver.name() + "\" has "
                        + receiver.unsupported() + ", which Fluxtap validates but does not deliver to "
                        + "(it delivers webhook_configs, slack_configs and pagerduty_configs)");
            }
        }
        return config;
    }

    /**
     * @param yaml    the configuration text
     * @param baseDir the directory relative file names ({@code *_file}, templates) are resolved against
     * @throws ConfigException with Alertmanager's message when the text is invalid
     */
    public static AlertmanagerConfig parse(String yaml, Path baseDir) {
        return new ConfigLoader(baseDir).load(yaml);
    }

    /**
     * One {@code <route>} tree on its own, without the root checks of a whole file: for tools and tests that route
     * against a tree (amtool's {@code config routes test}).
     *
     * @throws ConfigException with Alertmanager's message when the route is invalid
     */
    public static RouteConfig parseRoute(String yaml) {
        return new ConfigLoader(null).loadRoute(yaml);
    }

    public Optional<Receiver> receiver(String name) {
        return receivers.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The template files the globs match now, in glob order then name order; a glob matching nothing adds none. */
    public List<Path> templateFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path glob : templates) {
            Path dir = glob.getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            List<Path> matched = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob.getFileName().toString())) {
                stream.forEach(matched::add);
            }
            matched.sort(null);
            out.addAll(matched);
        }
        return out;
    }
}
