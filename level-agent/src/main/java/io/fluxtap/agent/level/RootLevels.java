package io.fluxtap.agent.level;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sets the root level of each logging framework found: JUL, Logback ({@code ch.qos.logback.classic}) and Log4j2
 * ({@code org.apache.logging.log4j.core.config.Configurator}). Logback and Log4j2 are reached by reflection through
 * the given class loader, so the agent needs neither at build or run time.
 */
final class RootLevels {

    private final ClassLoader loader;

    RootLevels(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * @param level one of Fluxtap's names: trace, debug, info, warn, error, fatal
     * @return the frameworks set ({@code jul}, {@code logback}, {@code log4j2})
     */
    List<String> apply(String level) {
        String name = level.toLowerCase(Locale.ROOT);
        List<String> set = new ArrayList<>();
        Level jul = jul(name);
        Logger root = Logger.getLogger("");
        root.setLevel(jul);
        for (Handler handler : root.getHandlers()) {
            // A handler above the new level would still print nothing finer; below it it filters nothing.
            if (handler.getLevel().intValue() > jul.intValue()) {
                handler.setLevel(jul);
            }
        }
        set.add("jul");
        if (logback(name)) {
            set.add("logback");
        }
        if (log4j2(name)) {
            set.add("log4j2");
        }
        return set;
    }

    static Level jul(String name) {
        return switch (name) {
            case "trace" -> Level.FINEST;
            case "debug" -> Level.FINE;
            case "info" -> Level.INFO;
            case "warn" -> Level.WARNING;
            case "error", "fatal" -> Level.SEVERE;
            default -> throw new IllegalArgumentException("unknown level " + name);
        };
    }

    private boolean logback(String name) {
        try {
            Class<?> factory = Class.forName("org.slf4j.LoggerFactory", true, loader);
            Object root = factory.getMethod("getLogger", String.class).invoke(null, "ROOT");
            Class<?> logger = Class.forName("ch.qos.logback.classic.Logger", true, loader);
            if (!logger.isInstance(root)) {
                return false;
            }
            Class<?> levelClass = Class.forName("ch.qos.logback.classic.Level", true, loader);
            Object level = levelClass.getMethod("toLevel", String.class).invoke(null, "fatal".equals(name) ? "error" : name);
            logger.getMethod("setLevel", levelClass).invoke(root, level);
            return true;
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }

    private boolean log4j2(String name) {
        try {
            Class<?> levelClass = Class.forName("org.apache.logging.log4j.Level", true, loader);
            Object level = levelClass.getMethod("toLevel", String.class).invoke(null, name.toUpperCase(Locale.ROOT));
            Class<?> configurator = Class.forName("org.apache.logging.log4j.core.config.Configurator", true, loader);
            Method setRootLevel = configurator.getMethod("setRootLevel", levelClass);
            setRootLevel.invoke(null, level);
            return true;
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }
}
