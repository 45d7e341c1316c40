package io.fluxtap.alerting.silence;

import io.fluxtap.alerting.clock.Scheduler;
import io.fluxtap.alerting.matchers.Matcher;
import io.fluxtap.alerting.notify.Muter;
import io.fluxtap.alerting.provider.AlertMarker;
import io.fluxtap.api.Labels;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The silences, as Alertmanager's {@code silence.Silences} together with its {@code Silencer}: create, update,
 * expire, query, mute, and forget expired silences once their retention is over. Every change is written to the
 * {@link SilenceStore} first, so a restart over the same store keeps them.
 */
public final class Silences implements Muter {

    /** Alertmanager's {@code --data.retention} default. */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(120);

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final Scheduler scheduler;
    private final SilenceStore store;
    private final Duration retention;
    private final AlertMarker marker;
    private final Supplier<UUID> ids;
    private final Map<String, SilenceStore.Stored> silences = new LinkedHashMap<>();
    private long version;

    public Silences(Scheduler scheduler, SilenceStore store, Duration retention, AlertMarker marker) {
        this(scheduler, store, retention, marker, UUID::randomUUID);
    }

    /** @param ids where new silence ids come from (tests make them predictable) */
    public Silences(Scheduler scheduler, SilenceStore store, Duration retention, AlertMarker marker,
                    Supplier<UUID> ids) {
        this.scheduler = scheduler;
        this.store = store;
        this.retention = retention;
        this.marker = marker;
        this.ids = ids;
        for (SilenceStore.Stored stored : store.load()) {
            silences.put(stored.silence().id(), stored);
        }
    }

    /**
     * The API v2's own checks before {@link #set} (its {@code postSilencesHandler}): the start must be before the
     * end and the end not in the past.
     *
     * @return the 400 message, or empty when the silence may go on to {@link #set}
     */
    public Optional<String> checkPosted(Silence silence) {
        if (silence.startsAt() == null || silence.endsAt() == null) {
            return Optional.empty(); // set() names the missing timestamp
        }
        if (!silence.startsAt().isBefore(silence.endsAt())) {
            return Optional.of("Failed to create silence: start time must be before end time");
        }
        if (silence.endsAt().isBefore(scheduler.now())) {
            return Optional.of("Failed to create silence: end time can't be in the past");
        }
        return Optional.empty();
    }

    /**
     * Creates a silence (no id) or updates one, as Alertmanager's {@code Silences.Set}: an update that keeps the
     * matchers and is allowed in the silence's state (an active one keeps its start and does not end in the past, a
     * pending one does not start in the past) changes it in place; any other update expires the old silence (unless
     * expired already) and creates a new one with a new id. A new silence starting in the past starts now.
     *
     * @return the id of the silence stored
     * @throws SilenceNotFoundException for an id that is not stored
     * @throws InvalidSilenceException  with Alertmanager's {@code silence invalid: ...} message
     */
    public synchronized String set(Silence silence) throws SilenceNotFoundException, InvalidSilenceException {
        Instant now = scheduler.now();
        SilenceStore.Stored previous = silence.id().isEmpty() ? null : silences.get(silence.id());
        if (!silence.id().isEmpty() && previous == null) {
            throw new SilenceNotFoundException();
        }
        if (previous != null) {
            if (canUpdate(previous.silence(), silence, now)) {
                store(silence, now);
                return silence.id();
            }
            // Validate before expiring, so a bad update leaves the old silence running.
            validate(silence.with(silence.id(), silence.startsAt(), silence.endsAt(), now));
            if (previous.silence().state(now) != SilenceState.EXPIRED) {
                expire(previous.silence(), now);
            }
        }
        String id = ids.get().toString();
        Instant startsAt = silence.startsAt() != null && silence.startsAt().isBefore(now) ? now : silence.startsAt();
        store(silence.with(id, startsAt, silence.endsAt(), now), now);
        return id;
    }

    private static boolean canUpdate(Silence old, Silence updated, Instant now) {
        if (!old.matchers().equals(updated.matchers()) || updated.startsAt() == null || updated.endsAt() == null) {
            return false;
        }
        return switch (old.state(now)) {
            case ACTIVE -> old.startsAt().getEpochSecond() == updated.startsAt().getEpochSecond()
                    && !updated.endsAt().isBefore(now);
            case PENDING -> !updated.startsAt().isBefore(now);
            case EXPIRED -> false;
        };
    }

    private void store(Silence silence, Instant now) throws InvalidSilenceException {
        Silence stamped = silence.with(silence.id(), silence.startsAt(), silence.endsAt(), now);
        validate(stamped);
        SilenceStore.Stored stored = new SilenceStore.Stored(stamped, stamped.endsAt().plus(retention));
        store.save(stored);
        silences.put(stamped.id(), stored);
        version++;
    }

    /** Alertmanager's {@code validateSilence}, its messages prefixed {@code silence invalid: } as its Set does. */
    static void validate(Silence silence) throws InvalidSilenceException {
        String problem = problem(silence);
        if (problem != null) {
            throw new InvalidSilenceException("silence invalid: " + problem);
        }
    }

    private static String problem(Silence silence) {
        if (silence.id().isEmpty()) {
            return "ID missing";
        }
        if (silence.matchers().isEmpty()) {
            return "at least one matcher required";
        }
        boolean allMatchEmpty = true;
        for (int i = 0; i < silence.matchers().size(); i++) {
            Matcher matcher = silence.matchers().get(i);
            if (!LABEL_NAME.matcher(matcher.name()).matches()) {
                return "invalid label matcher " + i + ": invalid label name \"" + matcher.name() + "\"";
            }
            allMatchEmpty &= matchesEmpty(matcher);
        }
        if (allMatchEmpty) {
            return "at least one matcher must not match the empty string";
        }
        if (silence.startsAt() == null) {
            return "invalid zero start timestamp";
        }
        if (silence.endsAt() == null) {
            return "invalid zero end timestamp";
        }
        if (silence.endsAt().isBefore(silence.startsAt())) {
            return "end time must not be before start time";
        }
        if (silence.updatedAt() == null) {
            return "invalid zero update timestamp";
        }
        return null;
    }

    // As Alertmanager 0.25: only = and =~ count; a negative matcher never "matches empty" here.
    private static boolean matchesEmpty(Matcher matcher) {
        return switch (matcher.type()) {
            case EQUAL, REGEX -> matcher.matches("");
            case NOT_EQUAL, NOT_REGEX -> false;
        };
    }

    /**
     * Expires the silence now, as Alertmanager: an active one ends now, a pending one starts and ends now, an
     * expired one stays as it is.
     *
     * @throws SilenceNotFoundException for an unknown id
     */
    public synchronized void expire(String id) throws SilenceNotFoundException {
        SilenceStore.Stored stored = silences.get(id);
        if (stored == null) {
            throw new SilenceNotFoundException();
        }
        expire(stored.silence(), scheduler.now());
    }

    private void expire(Silence silence, Instant now) {
        Silence expired = switch (silence.state(now)) {
            case EXPIRED -> null;
            case ACTIVE -> silence.with(silence.id(), silence.startsAt(), now, now);
            case PENDING -> silence.with(silence.id(), now, now, now);
        };
        if (expired == null) {
            return;
        }
        try {
            store(expired, now);
        } catch (InvalidSilenceException e) {
            throw new IllegalStateException("a stored silence became invalid on expiry: " + e.getMessage(), e);
        }
    }

    public synchronized Optional<Silence> get(String id) {
        SilenceStore.Stored stored = silences.get(id);
        return stored == null ? Optional.empty() : Optional.of(stored.silence());
    }

    /** The silences in one of {@code states} now (every state: all), in creation order. */
    public synchronized List<Silence> query(Set<SilenceState> states) {
        Instant now = scheduler.now();
        List<Silence> result = new ArrayList<>();
        for (SilenceStore.Stored stored : silences.values()) {
            if (states.contains(stored.silence().state(now))) {
                result.add(stored.silence());
            }
        }
        return result;
    }

    /** Every stored silence, expired ones not yet collected included. */
    public synchronized List<Silence> all() {
        return silences.values().stream().map(SilenceStore.Stored::silence).toList();
    }

    /**
     * Alertmanager's {@code Silencer.Mutes}: finds the active and pending silences matching the labels, records them
     * in the marker and answers whether an active one mutes the alert.
     */
    @Override
    public boolean mutes(Labels labels, Instant at) {
        List<String> active = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        synchronized (this) {
            for (SilenceStore.Stored stored : silences.values()) {
                Silence silence = stored.silence();
                SilenceState state = silence.state(at);
                if (state != SilenceState.EXPIRED && silence.matches(labels)) {
                    (state == SilenceState.ACTIVE ? active : pending).add(silence.id());
                }
            }
        }
        active.sort(Comparator.naturalOrder());
        pending.sort(Comparator.naturalOrder());
        marker.setSilenced(labels.fingerprint(), active, pending);
        return !active.isEmpty();
    }

    /** Forgets silences whose end plus retention has passed; answers how many went. */
    public synchronized int gc() {
        Instant now = scheduler.now();
        Collection<String> gone = new ArrayList<>();
        for (SilenceStore.Stored stored : silences.values()) {
            if (!stored.expiresAt().isAfter(now)) {
                gone.add(stored.silence().id());
            }
        }
        for (String id : gone) {
            store.delete(id);
            silences.remove(id);
        }
        if (!gone.isEmpty()) {
            version++;
        }
        return gone.size();
    }

    /** Changes with every stored change: lets a caller cache what it derived from the silences. */
    public synchronized long version() {
        return version;
    }
}
