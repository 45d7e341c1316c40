/** The audit trail port: audited actions as records on lane P1 ({@link io.fluxtap.api.audit.AuditTrail}). */
package io.fluxtap.api.audit;
