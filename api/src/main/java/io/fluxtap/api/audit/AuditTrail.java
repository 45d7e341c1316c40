package io.fluxtap.api.audit;

/**
 * Where modules write their audit records (issue #17: every admin or write action, with who, what, when and from
 * where), so that a module without the lanes (alerting) audits as the others do. The server's implementation
 * publishes {@link AuditEntry#record} on lane P1 (audit records are delayed but never lost).
 *
 * <pre>{@code
 * @Inject Instance<AuditTrail> audit;
 *
 * audit.stream().forEach(a -> a.record(new AuditEntry("silences", "silence create", who, from, "id ...")));
 * }</pre>
 */
public interface AuditTrail {

    /** Writes the record; a refusal of the lanes is logged by the implementation, never thrown at the action. */
    void record(AuditEntry entry);
}
