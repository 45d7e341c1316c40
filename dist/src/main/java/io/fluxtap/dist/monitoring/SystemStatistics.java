package io.fluxtap.dist.monitoring;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Gauge;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;

/** The figures behind {@code /api/v1/monitoring/metrics}: the process, the JVM and Fluxtap's own counters. */
final class SystemStatistics {

    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private final MetricRegistry applicationMetrics;

    SystemStatistics(MetricRegistry applicationMetrics) {
        this.applicationMetrics = applicationMetrics;
    }

    Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("process", process());
        out.put("jvm", jvm());
        out.put("fluxtap", fluxtapMetrics());
        return out;
    }

    private static Map<String, Object> process() {
        var runtime = ManagementFactory.getRuntimeMXBean();
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("pid", ProcessHandle.current().pid());
        process.put("uptime_seconds", runtime.getUptime() / 1000.0);
        process.put("available_processors", Runtime.getRuntime().availableProcessors());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            process.put("cpu_load", os.getProcessCpuLoad());
            process.put("system_cpu_load", os.getCpuLoad());
        }
        residentSetBytes().ifPresent(rss -> process.put("rss_bytes", rss));
        return process;
    }

    private static Map<String, Object> jvm() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Map<String, Object> jvm = new LinkedHashMap<>();
        jvm.put("version", Runtime.version().toString());
        jvm.put("heap_used_bytes", memory.getHeapMemoryUsage().getUsed());
        jvm.put("heap_committed_bytes", memory.getHeapMemoryUsage().getCommitted());
        jvm.put("heap_max_bytes", memory.getHeapMemoryUsage().getMax());
        jvm.put("non_heap_used_bytes", memory.getNonHeapMemoryUsage().getUsed());
        jvm.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        jvm.put("gc_collections", gcCount);
        jvm.put("gc_time_ms", gcMillis);
        return jvm;
    }

    /** Every application metric named fluxtap_*, keyed by name and tags as Prometheus would print them. */
    private Map<String, Object> fluxtapMetrics() {
        Map<String, Object> values = new TreeMap<>();
        applicationMetrics.getMetrics((id, metric) -> id.getName().startsWith("fluxtap_"))
                .forEach((id, metric) -> {
                    if (metric instanceof Counter counter) {
                        values.put(key(id), counter.getCount());
                    } else if (metric instanceof Gauge<?> gauge) {
                        values.put(key(id), gauge.getValue());
                    }
                });
        return values;
    }

    private static String key(MetricID id) {
        if (id.getTags().isEmpty()) {
            return id.getName();
        }
        StringBuilder key = new StringBuilder(id.getName()).append('{');
        id.getTags().forEach((name, value) -> key.append(name).append("=\"").append(value).append("\","));
        key.setLength(key.length() - 1);
        return key.append('}').toString();
    }

    /** Linux only; elsewhere the figure is simply absent. */
    private static java.util.Optional<Long> residentSetBytes() {
        try {
            for (String line : Files.readAllLines(PROC_STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.trim().split("\\s+");
                    return java.util.Optional.of(Long.parseLong(parts[1]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }
}
