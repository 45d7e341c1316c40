package io.fluxtap.dist.auth;

import io.fluxtap.api.LogRecord;
import io.fluxtap.api.audit.AuditEntry;
import io.fluxtap.api.audit.AuditTrail;
import io.fluxtap.api.auth.Authenticator;
import io.fluxtap.ingestion.lane.IngestOutcome;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.lane.PublishResult;
import io.helidon.common.context.Contexts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.lang.System.Logger;
import java.time.Clock;
import java.util.List;

/**
 * Where the server's audit records go (issue #17): token changes, user changes, sign-ins, backups, silences and
 * reloads (the last two through the {@link AuditTrail} port, from alerting and the dashboard), each one log
 * record ({@code entity_name = 'fluxtap'}, {@code audit=true}) published to the lanes, which route it to P1 and never
 * level-filter it. One place for the publishing and for naming the admin API's caller, so every audited action says
 * who and from where the same way. A refusal of the lanes is logged, never thrown at the action audited: the action
 * already happened.
 */
@ApplicationScoped
public class LaneAuditTrail implements AuditTrail {

    private static final String REMOTE_HOST = "io.helidon.jaxrs.remote-host";
    private static final Logger LOG = System.getLogger(LaneAuditTrail.class.getName());

    private Instance<LaneRouter> lanes;
    private Clock clock;

    /** For CDI's proxy. */
    LaneAuditTrail() {
    }

    @Inject
    public LaneAuditTrail(Instance<LaneRouter> lanes) {
        this.lanes = lanes;
        this.clock = Clock.systemUTC();
    }

    /**
     * A user change, a sign-in, a backup, a silence, a reload ...; an entry without who or from (from a module that
     * has no request object: alerting) is the caller of the request being served, named as the admin API's are.
     */
    @Override
    public void record(AuditEntry given) {
        AuditEntry entry = given.who() != null && given.from() != null ? given : new AuditEntry(given.gear(),
                given.action(), given.who() != null ? given.who() : callerName(),
                given.from() != null ? given.from() : Contexts.context()
                        .flatMap(c -> c.get(Authenticator.CLIENT_ADDRESS_CONTEXT_KEY, String.class)).orElse("unknown"),
                given.what());
        publish(entry.record(clock.instant()), entry.action() + " by " + entry.who() + " from " + entry.from() + " "
                + entry.what());
    }

    /** A token made or revoked. */
    public void write(TokenChange change) {
        publish(change.record(clock.instant()), "token " + change.action() + " " + change.name() + " by "
                + change.caller());
    }

    private void publish(LogRecord record, String what) {
        if (!lanes.isResolvable()) {
            LOG.log(Logger.Level.WARNING, "no lanes for the audit record of: {0}", what);
            return;
        }
        IngestOutcome outcome = lanes.get().publishLogs(List.of(record));
        if (outcome.result() != PublishResult.ACCEPTED) {
            LOG.log(Logger.Level.WARNING, "the audit record was refused ({0}): {1}", outcome.result(), what);
        }
    }

    /** The admin API's caller: the accepted token's name, {@code (no token)} with access control off. */
    public static String callerName() {
        String token = callerToken();
        return token == null ? "(no token)" : token;
    }

    /** The address the request came from, {@code unknown} when Helidon did not say. */
    public static String callerAddress(ContainerRequestContext request) {
        Object host = request == null ? null : request.getProperty(REMOTE_HOST);
        return host == null ? "unknown" : host.toString();
    }

    /** The accepted token's name; null with access control off. */
    static String callerToken() {
        return Contexts.context().flatMap(c -> c.get(Authenticator.TOKEN_CONTEXT_KEY, String.class)).orElse(null);
    }
}
