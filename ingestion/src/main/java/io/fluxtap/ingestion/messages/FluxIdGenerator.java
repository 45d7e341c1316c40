package io.fluxtap.ingestion.messages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Flux ids, Sonyflake's layout: 39 bits of time in 10 ms units since {@link #EPOCH} (enough until 2199),
 * 8 bits of sequence within a unit, 16 bits of machine id; the top bit stays 0. At most 256 ids per 10 ms
 * (25,600 a second) per machine: an id beyond that waits for the next unit.
 *
 * <p>Ids only grow. When the clock steps back, ids continue from the last unit used, borrowing from the future
 * as Sonyflake does: when that unit's 256 sequence numbers are used up, the generator waits until the clock
 * has caught up with the next unit. So no id is ever ahead of the latest clock reading by more than one unit,
 * which is what makes ids unique across restarts without storing anything: a restarted process starts from
 * the clock, which has moved on. The assumptions: the wall clock is not set back across a restart by more than
 * the process was down, and no two running processes share a machine id ({@code fluxtap.flux-id.machine-id};
 * the default is derived from the host name: the low 16 bits of the CRC-32 of its UTF-8 bytes, so hosts can
 * collide and a cluster should set distinct ids explicitly).
 */
@ApplicationScoped
public class FluxIdGenerator {

    /** 2025-01-01T00:00:00Z: time zero of the ids. */
    public static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
    static final long UNIT_MILLIS = 10;
    static final int TIME_BITS = 39;
    static final int SEQUENCE_BITS = 8;
    static final int MACHINE_BITS = 16;
    static final int MAX_MACHINE_ID = (1 << MACHINE_BITS) - 1;

    private static final Logger LOG = System.getLogger(FluxIdGenerator.class.getName());
    private static final int SEQUENCE_MASK = (1 << SEQUENCE_BITS) - 1;
    private static final long MAX_UNITS = (1L << TIME_BITS) - 1;
    private static final long EPOCH_MILLIS = EPOCH.toEpochMilli();
    /** A wait this long means the clock went back; worth a line in the log. */
    private static final long NOTABLE_WAIT_MILLIS = 1000;

    private final int machineId;
    private final String machineIdOrigin;
    private final InstantSource clock;
    private final Sleeper sleeper;
    private long lastUnit = -1;
    private int sequence;

    @Inject
    public FluxIdGenerator(@ConfigProperty(name = "fluxtap.flux-id.machine-id") Optional<Integer> machineId) {
        this(machineId.map(id -> new MachineId(id, "fluxtap.flux-id.machine-id")).orElseGet(MachineId::ofHost),
                InstantSource.system(), Thread::sleep);
    }

    FluxIdGenerator(int machineId, InstantSource clock, Sleeper sleeper) {
        this(new MachineId(machineId, "the caller"), clock, sleeper);
    }

    private FluxIdGenerator(MachineId machineId, InstantSource clock, Sleeper sleeper) {
        if (machineId.id() < 0 || machineId.id() > MAX_MACHINE_ID) {
            throw new IllegalArgumentException("fluxtap.flux-id.machine-id must be between 0 and " + MAX_MACHINE_ID
                    + ", was " + machineId.id());
        }
        this.machineId = machineId.id();
        this.machineIdOrigin = machineId.origin();
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Creates the generator with the application, so a bad machine id stops start-up. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        LOG.log(Level.INFO, "flux ids use machine id {0} (from {1})", Integer.toString(machineId), machineIdOrigin);
    }

    /**
     * The next id, greater than every id this generator gave before.
     *
     * @throws IllegalStateException when the clock is before {@link #EPOCH} or past the ids' range, or the
     *                               thread was interrupted while waiting for the clock
     */
    public synchronized long next() {
        long now = currentUnit();
        if (now > lastUnit) {
            lastUnit = now;
            sequence = 0;
        } else {
            sequence = (sequence + 1) & SEQUENCE_MASK;
            if (sequence == 0) {
                lastUnit++;
                awaitUnit(lastUnit);
            }
        }
        if (lastUnit > MAX_UNITS) {
            throw new IllegalStateException("flux ids have run out of time bits at " + unitStart(lastUnit));
        }
        return lastUnit << (SEQUENCE_BITS + MACHINE_BITS) | (long) sequence << MACHINE_BITS | machineId;
    }

    public int machineId() {
        return machineId;
    }

    /** The start of the 10 ms unit an id was made in. */
    public static Instant time(long fluxId) {
        return unitStart(fluxId >>> (SEQUENCE_BITS + MACHINE_BITS));
    }

    static int sequence(long fluxId) {
        return (int) (fluxId >>> MACHINE_BITS) & SEQUENCE_MASK;
    }

    static int machine(long fluxId) {
        return (int) fluxId & MAX_MACHINE_ID;
    }

    /** The low 16 bits of the CRC-32 of the host name's UTF-8 bytes. */
    static int fromHostName(String hostName) {
        CRC32 crc = new CRC32();
        crc.update(hostName.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue() & MAX_MACHINE_ID;
    }

    private long currentUnit() {
        long millis = clock.millis();
        if (millis < EPOCH_MILLIS) {
            throw new IllegalStateException("the clock says " + Instant.ofEpochMilli(millis)
                    + ", before the flux id epoch " + EPOCH);
        }
        return (millis - EPOCH_MILLIS) / UNIT_MILLIS;
    }

    private void awaitUnit(long unit) {
        long behind = EPOCH_MILLIS + unit * UNIT_MILLIS - clock.millis();
        if (behind >= NOTABLE_WAIT_MILLIS) {
            LOG.log(Level.WARNING, "the clock is {0} ms behind the last flux id; new ids wait for it to catch up",
                    Long.toString(behind));
        }
        while (currentUnit() < unit) {
            try {
                sleeper.sleep(Math.max(1, EPOCH_MILLIS + unit * UNIT_MILLIS - clock.millis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the clock to reach the next flux id");
            }
        }
    }

    private static Instant unitStart(long unit) {
        return Instant.ofEpochMilli(EPOCH_MILLIS + unit * UNIT_MILLIS);
    }

    private record MachineId(int id, String origin) {

        static MachineId ofHost() {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                String env = System.getenv("HOSTNAME");
                host = env == null || env.isBlank() ? "localhost" : env;
            }
            return new MachineId(fromHostName(host), "the host name '" + host + "'");
        }
    }

    /** Waits; the tests' clock moves when it is called. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }
}
