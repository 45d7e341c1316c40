package io.fluxtap.ingestion.loggers;

import io.fluxtap.api.Level;
import io.fluxtap.api.levels.LoggerLevel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Reads and sets JUL logger levels in {@link Level}'s names: trace = FINEST, debug = FINE, info = INFO,
 * warn = WARNING, error and fatal = SEVERE (JUL has nothing above SEVERE); read back, FINER is trace and CONFIG
 * debug. A logger set more verbose than the root handlers would still print nothing, so setting one also lowers
 * the root logger's handlers to that level. JUL holds loggers weakly, so the loggers set here are kept referenced,
 * or a level set on a logger no class holds yet would vanish with the next garbage collection.
 */
public final class JulLoggers {

    /** The root logger's name in the API ({@code ""} is accepted too). */
    public static final String ROOT = "root";

    private final Map<String, Logger> held = new ConcurrentHashMap<>();

    public List<LoggerLevel> list() {
        List<String> names = new ArrayList<>(Collections.list(LogManager.getLogManager().getLoggerNames()));
        names.sort(Comparator.naturalOrder());
        List<LoggerLevel> levels = new ArrayList<>(names.size());
        for (String name : names) {
            Logger logger = LogManager.getLogManager().getLogger(name);
            if (logger != null) {
                levels.add(describe(name.isEmpty() ? ROOT : name, logger));
            }
        }
        levels.sort(Comparator.comparing((LoggerLevel l) -> !ROOT.equals(l.name())).thenComparing(LoggerLevel::name));
        return levels;
    }

    /** @param level null: inherit the parent's level */
    public LoggerLevel set(String name, Level level) {
        String julName = julName(name);
        Logger logger = held.computeIfAbsent(julName, Logger::getLogger);
        java.util.logging.Level jul = level == null ? null : toJul(level);
        logger.setLevel(jul);
        if (jul != null) {
            for (Handler handler : Logger.getLogger("").getHandlers()) {
                if (handler.getLevel().intValue() > jul.intValue()) {
                    handler.setLevel(jul);
                }
            }
        }
        return describe(name == null || name.isEmpty() ? ROOT : name, logger);
    }

    public LoggerLevel get(String name) {
        String julName = julName(name);
        return describe(julName.isEmpty() ? ROOT : julName, Logger.getLogger(julName));
    }

    static String julName(String name) {
        return name == null || name.isEmpty() || ROOT.equals(name) ? "" : name;
    }

    public static java.util.logging.Level toJul(Level level) {
        return switch (level) {
            case TRACE -> java.util.logging.Level.FINEST;
            case DEBUG -> java.util.logging.Level.FINE;
            case INFO, UNSPECIFIED -> java.util.logging.Level.INFO;
            case WARN -> java.util.logging.Level.WARNING;
            case ERROR, FATAL -> java.util.logging.Level.SEVERE;
        };
    }

    /** Null for OFF (nothing is logged); ALL is trace. */
    public static Level fromJul(java.util.logging.Level level) {
        if (level == null) {
            return null;
        }
        if (level.intValue() == java.util.logging.Level.OFF.intValue()) {
            return null;
        }
        if (level.intValue() <= java.util.logging.Level.FINER.intValue()) {
            return Level.TRACE;
        }
        if (level.intValue() <= java.util.logging.Level.CONFIG.intValue()) {
            return Level.DEBUG;
        }
        if (level.intValue() <= java.util.logging.Level.INFO.intValue()) {
            return Level.INFO;
        }
        return level.intValue() <= java.util.logging.Level.WARNING.intValue() ? Level.WARN : Level.ERROR;
    }

    private static LoggerLevel describe(String name, Logger logger) {
        Logger nearest = logger;
        while (nearest != null && nearest.getLevel() == null) {
            nearest = nearest.getParent();
        }
        return new LoggerLevel(name, fromJul(logger.getLevel()),
                nearest == null ? Level.INFO : fromJul(nearest.getLevel()));
    }
}
