import type { AuditAction, AuditDetails, AuditEvent } from '../domain/audit/actions';
import type { RigsideDb } from './db';
import { currentStamp } from './crew';
import { commitAct } from './outbox-writer';

/**
 * Audit events that are an act of their own (the app started, a dataset loaded). An audit
 * that belongs to a clinical act is written with it, in the same transaction (src/app/actions).
 */
export interface AuditLog {
  record(action: AuditAction, details?: AuditDetails): Promise<AuditEvent>;
}

export function createAuditLog(db: RigsideDb, clock: () => Date = () => new Date()): AuditLog {
  return {
    async record(action, details = {}) {
      const { audits } = await commitAct(db, await currentStamp(db, clock()), { audits: [{ action, details }] });
      return audits[0] as AuditEvent;
    },
  };
}
