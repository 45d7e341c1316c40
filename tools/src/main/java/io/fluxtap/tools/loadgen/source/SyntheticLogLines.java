package io.fluxtap.tools.loadgen.source;

import io.fluxtap.api.Level;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Made-up application log lines of one service and level, varied enough (components, routes, numbers,
 * trace ids) that a server cannot get away with caching or dictionary tricks it would not get in real use.
 * Seeded, so two runs send the same lines.
 */
public final class SyntheticLogLines implements LogLines {

    /** Enough variety for a pool of a few dozen batches; the lines repeat after that. */
    private static final int DISTINCT = 4096;
    private static final List<String> GEARS = List.of("http", "checkout", "payments", "inventory", "auth", "db");
    private static final List<Function<Random, String>> BODIES = List.of(
            r -> "GET /api/orders/" + r.nextInt(1_000_000) + " -> 200 in " + r.nextInt(250) + " ms",
            r -> "user u" + r.nextInt(50_000) + " signed in from 10." + r.nextInt(256) + "." + r.nextInt(256)
                    + "." + r.nextInt(256),
            r -> String.format(Locale.ROOT, "payment p%08x authorised: %d.%02d EUR", r.nextInt(),
                    r.nextInt(2_000), r.nextInt(100)),
            r -> "cache miss for key sku:" + r.nextInt(100_000) + ", loaded from store",
            r -> "slow query on orders took " + (200 + r.nextInt(3_000)) + " ms (rows=" + r.nextInt(10_000) + ")",
            r -> "POST /api/cart/" + r.nextInt(100_000) + "/items -> 201 in " + r.nextInt(90) + " ms");

    private final String service;
    private final Level level;
    private final long seed;
    private Random random;
    private int produced;

    public SyntheticLogLines(String service, Level level, long seed) {
        this.service = service;
        this.level = level;
        this.seed = seed;
        this.random = new Random(seed);
    }

    @Override
    public LogLine next() {
        if (produced++ % DISTINCT == 0) {
            random = new Random(seed);
        }
        int kind = random.nextInt(BODIES.size());
        String body = BODIES.get(kind).apply(random);
        String gear = GEARS.get(random.nextInt(GEARS.size()));
        return new LogLine(service, gear, level, level.name(), body, Map.of("loadgen.kind", "k" + kind),
                hex(random, 16), hex(random, 8));
    }

    /** Random non-zero id bytes: an all-zero id means "no trace" in OTLP. */
    private static String hex(Random random, int bytes) {
        byte[] id = new byte[bytes];
        random.nextBytes(id);
        id[0] |= 1;
        return HexFormat.of().formatHex(id);
    }

    @Override
    public int distinct() {
        return DISTINCT;
    }

    @Override
    public String description() {
        return "synthetic " + service + " logs at " + level.label();
    }
}
