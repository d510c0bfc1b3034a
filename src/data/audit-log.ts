import { auditActionSchema, auditDetailsSchema, type AuditAction, type AuditDetails, type AuditEvent } from '../domain/audit/actions';
import type { RigsideDb } from './db';
import { appendWithEvent } from './outbox-store';

/**
 * The one audit module every feature calls. An audit event is a local record and an
 * outbox event of kind "audit", written together.
 */
export interface AuditLog {
  record(action: AuditAction, details?: AuditDetails): Promise<AuditEvent>;
}

export function createAuditLog(db: RigsideDb, clock: () => Date = () => new Date()): AuditLog {
  return {
    async record(action, details = {}) {
      const parsedAction = auditActionSchema.parse(action);
      const parsedDetails = auditDetailsSchema.parse(details);
      const now = clock();
      const { record } = await appendWithEvent<AuditEvent>(
        db,
        {
          table: 'auditEvents',
          kind: 'audit',
          record: (id) => ({ id, action: parsedAction, occurredAt: now.toISOString(), details: parsedDetails }),
          payload: (r) => ({ action: r.action, details: r.details }),
        },
        now,
      );
      return record;
    },
  };
}
