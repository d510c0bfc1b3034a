import { z } from 'zod';

/** What the audit trail records. Details never carry patient identifiers or PHI. */
export const auditActionSchema = z.enum([
  'app_started',
  'search_performed',
  'protocol_viewed',
  'protocol_applied',
  'dosing_calculated',
  'patient_context_opened',
  'patient_context_purged',
  'narrative_saved',
  'call_closed',
  'app_updated',
  'storage_persistence_requested',
  'dataset_loaded',
  'dataset_refused',
  'reference_updated',
  'signed_in',
  'signed_out',
  'sign_out_forced',
  'records_claimed',
  'records_exported',
  'dead_letter_retried',
  'dead_letter_discarded',
]);
export type AuditAction = z.infer<typeof auditActionSchema>;

export const auditDetailsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type AuditDetails = z.infer<typeof auditDetailsSchema>;

export const auditEventSchema = z.object({
  id: z.string().uuid(),
  action: auditActionSchema,
  occurredAt: z.string().datetime({ offset: true }),
  details: auditDetailsSchema,
});
export type AuditEvent = z.infer<typeof auditEventSchema>;
