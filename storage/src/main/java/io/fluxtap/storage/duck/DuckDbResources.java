package io.fluxtap.storage.duck;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What DuckDB may take of the machine: its {@code memory_limit} in bytes and its worker {@code threads}. DuckDB's own
 * defaults (80 % of RAM, one thread per core) suit a database that has the machine to itself; Fluxtap shares its box
 * with the JVM heap and the applications it watches, so the defaults here are smaller (issue #16).
 *
 * @param memoryLimitBytes DuckDB's buffer manager limit; beyond it DuckDB spills to its temp directory or fails the
 *                         statement, never the process
 * @param threads          DuckDB's worker threads for one statement
 */
public record DuckDbResources(long memoryLimitBytes, int threads) {

    /** The cap of the automatic memory limit. */
    public static final long AUTO_MEMORY_CAP = 1L << 30;

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]i?b?|b)?");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,2}|100)\\s*%");

    public DuckDbResources {
        if (memoryLimitBytes < 1) {
            throw new IllegalArgumentException("fluxtap.duckdb.memory-limit must be positive, not " + memoryLimitBytes);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("fluxtap.duckdb.threads must be positive, not " + threads);
        }
    }

    /** What the server runs with when nothing is configured: see {@link #of(String, int, long, int)}. */
    public static DuckDbResources defaults() {
        return fromConfig("auto", 0);
    }

    /** The settings read against this machine's physical memory and processors. */
    public static DuckDbResources fromConfig(String memoryLimit, int threads) {
        return of(memoryLimit, threads, physicalMemoryBytes(), Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param memoryLimit {@code auto} (25 % of {@code physicalBytes}, at most {@link #AUTO_MEMORY_CAP}), a percentage of
     *                    physical memory ({@code 10%}), or a size: bytes, or a number with {@code KB MB GB TB}
     *                    (powers of 1000) or {@code KiB MiB GiB TiB} (powers of 1024; {@code K M G T} alone too,
     *                    as the JVM's {@code -Xmx} reads them), case-insensitive
     * @param threads     0 for the processors the JVM sees, else the number
     */
    public static DuckDbResources of(String memoryLimit, int threads, long physicalBytes, int processors) {
        if (threads < 0) {
            throw new IllegalArgumentException("fluxtap.duckdb.threads must be 0 (automatic) or more, not " + threads);
        }
        return new DuckDbResources(parseMemory(memoryLimit, physicalBytes), threads == 0 ? Math.max(1, processors) : threads);
    }

    /** The settings as DuckDB's JDBC driver takes them when it opens a database. */
    Properties connectionProperties() {
        Properties properties = new Properties();
        // Written in bytes so DuckDB takes exactly what was configured; current_setting shows it rounded (GiB).
        properties.setProperty("memory_limit", memoryLimitBytes + "B");
        properties.setProperty("threads", Integer.toString(threads));
        return properties;
    }

    private static long parseMemory(String text, long physicalBytes) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (value.equals("auto")) {
            return Math.min(physicalBytes / 4, AUTO_MEMORY_CAP);
        }
        Matcher percent = PERCENT.matcher(value);
        if (percent.matches()) {
            int share = Integer.parseInt(percent.group(1));
            if (share > 0) {
                return Math.max(1, physicalBytes / 100 * share);
            }
        }
        Matcher size = SIZE.matcher(value);
        if (size.matches()) {
            try {
                long bytes = Math.multiplyExact(Long.parseLong(size.group(1)), unit(size.group(2)));
                if (bytes > 0) {
                    return bytes;
                }
            } catch (ArithmeticException | NumberFormatException e) {
                // too large: the message below
            }
        }
        throw new IllegalArgumentException("fluxtap.duckdb.memory-limit must be auto, a percentage of RAM (25%) "
                + "or a positive size such as 512MiB or 1GB, not '" + text + "'");
    }

    private static long unit(String suffix) {
        if (suffix == null || suffix.equals("b")) {
            return 1;
        }
        boolean binary = suffix.length() == 1 || suffix.contains("i");
        int power = "kmgt".indexOf(suffix.charAt(0)) + 1;
        long unit = 1;
        for (int i = 0; i < power; i++) {
            unit = Math.multiplyExact(unit, binary ? 1024L : 1000L);
        }
        return unit;
    }

    /** Physical memory as the JVM sees it (a container's limit where there is one). */
    private static long physicalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        // Without the extension there is nothing to take a share of: the cap alone.
        return 4 * AUTO_MEMORY_CAP;
    }
}
