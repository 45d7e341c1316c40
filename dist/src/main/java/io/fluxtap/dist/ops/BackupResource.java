package io.fluxtap.dist.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxtap.api.audit.AuditEntry;
import io.fluxtap.dist.auth.LaneAuditTrail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.sql.SQLException;

/**
 * {@code POST /api/v1/admin/backup} (scope {@code admin}) with {@code {"dir": "/var/backups/fluxtap/2026-12-03"}}: the
 * server writes an online backup there ({@link Backup}) and answers 201 with what it holds; 400 for a directory it
 * cannot take (relative, inside the data directory, not empty), 500 when writing failed. Every backup asked for is an
 * audit record ({@link LaneAuditTrail}, {@code gear_id = 'backup'}): {@code backup}, {@code backup refused} or
 * {@code backup failed}, naming the caller's token, address and the directory, as token and user changes do; the
 * {@code backup} record as the backup starts, so that the backup holds it.
 */
@Path("/api/v1/admin/backup")
@ApplicationScoped
public class BackupResource {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String GEAR = "backup";

    private final Backup backup;
    private final LaneAuditTrail audit;

    @Inject
    public BackupResource(Backup backup, LaneAuditTrail audit) {
        this.backup = backup;
        this.audit = audit;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body, @Context ContainerRequestContext request) {
        String dir;
        try {
            JsonNode node = MAPPER.readTree(body == null ? "" : body);
            if (node == null || !node.path("dir").isTextual() || node.size() != 1) {
                return error(400, "the body must be {\"dir\": \"/absolute/path\"}");
            }
            dir = node.get("dir").asText();
        } catch (IOException e) {
            return error(400, "the body must be {\"dir\": \"/absolute/path\"}");
        }
        String who = LaneAuditTrail.callerName();
        String from = LaneAuditTrail.callerAddress(request);
        String target = java.nio.file.Path.of(dir).normalize().toString();
        try {
            backup.check(java.nio.file.Path.of(dir));
        } catch (IllegalArgumentException | IOException e) {
            audit.record(new AuditEntry(GEAR, "backup refused", who, from, target + ": " + e.getMessage()));
            return error(400, e.getMessage());
        }
        // Recorded before the backup is made, so the backup holds the record of itself: a record written after it
        // would be the one row a restore of a quiet server lacks (BackupRestoreIT compares every row).
        audit.record(new AuditEntry(GEAR, "backup", who, from, target));
        try {
            BackupManifest made = backup.write(java.nio.file.Path.of(dir));
            long bytes = made.files().stream().mapToLong(BackupManifest.Entry::bytes).sum();
            ObjectNode answer = MAPPER.createObjectNode();
            answer.put("dir", target);
            answer.put("created_at", made.createdAt().toString());
            answer.put("fluxtap_version", made.fluxtapVersion());
            answer.put("schema_version", made.schemaVersion());
            answer.put("files", made.files().size());
            answer.put("bytes", bytes);
            ObjectNode lanes = answer.putObject("wal_applied");
            made.walApplied().forEach(lanes::put);
            return Response.status(201).type(MediaType.APPLICATION_JSON).entity(answer.toString()).build();
        } catch (IllegalArgumentException e) {
            audit.record(new AuditEntry(GEAR, "backup failed", who, from, target + ": " + e.getMessage()));
            return error(400, e.getMessage());
        } catch (IOException | SQLException e) {
            audit.record(new AuditEntry(GEAR, "backup failed", who, from, target + ": " + e.getMessage()));
            return error(500, "the backup failed: " + e.getMessage());
        }
    }

    private static Response error(int status, String message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("status", "error");
        node.put("error", message);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(node.toString()).build();
    }
}
