import { z } from 'zod';
import { CHANGE_TYPES, REFERENCE_KINDS } from '../../domain/versions/drafts';

/**
 * The version workflow's answers as the console reads them (list_reference_versions,
 * get_reference_version, list_reference_records, list_reference_record_names), checked on arrival and turned to camelCase.
 */
const uuid = z.string().uuid();
const time = z.string();

export const VERSION_STATUSES = [
  'draft',
  'review',
  'approved',
  'rejected',
  'scheduled',
  'withdrawn',
  'active',
  'superseded',
  'archived',
] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];
export const VERSION_STATUS_LABELS: Record<VersionStatus, string> = {
  draft: 'Draft',
  review: 'In review',
  approved: 'Approved',
  rejected: 'Rejected',
  scheduled: 'Scheduled',
  withdrawn: 'Withdrawn',
  active: 'In force',
  superseded: 'Superseded',
  archived: 'Archived',
};
export const KIND_LABELS = { protocol: 'Protocol', medication: 'Medication' } as const;

const changeEntrySchema = z.object({ type: z.enum(CHANGE_TYPES), section: z.string(), description: z.string() });

const versionFields = {
  id: uuid,
  kind: z.enum(REFERENCE_KINDS),
  key: z.string(),
  version: z.number().int(),
  status: z.enum(VERSION_STATUSES),
  name: z.string().nullable(),
  source: z.enum(['workflow', 'import']),
  change_log: z.array(changeEntrySchema),
  change_summary: z.string(),
  department_id: uuid.nullable(),
  created_by: uuid.nullable(),
  created_by_name: z.string().nullable(),
  created_at: time,
  submitted_at: time.nullable(),
  approved_by: uuid.nullable(),
  approved_by_name: z.string().nullable(),
  approved_at: time.nullable(),
  rejected_by_name: z.string().nullable(),
  rejected_at: time.nullable(),
  rejection_reason: z.string().nullable(),
  effective_date: z.string().nullable(),
  activated_at: time.nullable(),
  withdrawn_at: time.nullable(),
  withdrawal_reason: z.string().nullable(),
  archived_at: time.nullable(),
};

function camel(v: z.infer<z.ZodObject<typeof versionFields>>) {
  return {
    id: v.id,
    kind: v.kind,
    key: v.key,
    version: v.version,
    status: v.status,
    name: v.name,
    source: v.source,
    changeLog: v.change_log,
    changeSummary: v.change_summary,
    departmentId: v.department_id,
    createdBy: v.created_by,
    createdByName: v.created_by_name,
    createdAt: v.created_at,
    submittedAt: v.submitted_at,
    approvedBy: v.approved_by,
    approvedByName: v.approved_by_name,
    approvedAt: v.approved_at,
    rejectedByName: v.rejected_by_name,
    rejectedAt: v.rejected_at,
    rejectionReason: v.rejection_reason,
    effectiveDate: v.effective_date,
    activatedAt: v.activated_at,
    withdrawnAt: v.withdrawn_at,
    withdrawalReason: v.withdrawal_reason,
    archivedAt: v.archived_at,
  };
}

export const versionSummarySchema = z.object(versionFields).transform(camel);
export type VersionSummary = z.infer<typeof versionSummarySchema>;
export const versionListSchema = z.array(versionSummarySchema);

export const versionDetailSchema = z
  .object({
    ...versionFields,
    content: z.record(z.string(), z.unknown()),
    active: z.object({ version: z.number().int().nullable(), record: z.record(z.string(), z.unknown()) }).nullable(),
  })
  .transform((v) => ({ ...camel(v), content: v.content, active: v.active }));
export type VersionDetail = z.infer<typeof versionDetailSchema>;

/** What any workflow step answers: the version row as the table holds it. */
export const versionRowSchema = z.object({ id: uuid, status: z.enum(VERSION_STATUSES) });

/** The records in force of one kind, names only (list_reference_record_names): the draft picker. */
export const recordNameListSchema = z.array(
  z
    .object({
      key: z.string(),
      name: z.string(),
      version: z.number().int(),
      effective_date: z.string().nullable(),
    })
    .transform((r) => ({ key: r.key, name: r.name, version: r.version, effectiveDate: r.effective_date })),
);
export type RecordName = z.infer<typeof recordNameListSchema>[number];

export const recordListSchema = z.array(
  z
    .object({
      key: z.string(),
      name: z.string(),
      version: z.number().int(),
      effective_date: z.string().nullable(),
      formulary_version: z.string().nullable(),
      record: z.record(z.string(), z.unknown()),
    })
    .transform((r) => ({
      key: r.key,
      name: r.name,
      version: r.version,
      effectiveDate: r.effective_date,
      formularyVersion: r.formulary_version,
      record: r.record,
    })),
);
export type RecordInForce = z.infer<typeof recordListSchema>[number];
