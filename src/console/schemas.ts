import { z } from 'zod';

/**
 * The console's view of the server's answers: checked on arrival and turned to camelCase once,
 * here (the wire stays snake_case, as the SQL writes it).
 */
const uuid = z.string().uuid();
const time = z.string();

export const REVIEW_STATUSES = ['new', 'in_review', 'needs_correction', 'closed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export const STATUS_LABELS: Record<ReviewStatus, string> = {
  new: 'New',
  in_review: 'In review',
  needs_correction: 'Needs crew correction',
  closed: 'Closed',
};

export const consoleContextSchema = z
  .object({
    me: z.object({ id: uuid, full_name: z.string(), role: z.string(), may_decide: z.boolean() }),
    department: z.object({ id: uuid, code: z.string(), name: z.string() }),
    /** The agency's IANA time zone: versions take effect at the start of their date there. */
    agency: z.object({ time_zone: z.string().min(1) }),
    stations: z.array(z.object({ id: uuid, code: z.string(), name: z.string() })),
    people: z.array(
      z.object({
        id: uuid,
        full_name: z.string(),
        badge_number: z.string(),
        role: z.string(),
        station_id: uuid.nullable(),
        active: z.boolean(),
      }),
    ),
    flag_kinds: z.array(z.object({ code: z.string(), label: z.string(), description: z.string() })),
    fallout_codes: z.array(
      z.object({ code: z.string(), name: z.string(), protocols: z.array(z.string()), base_hospital: z.boolean() }),
    ),
  })
  .transform((c) => ({
    me: { id: c.me.id, fullName: c.me.full_name, role: c.me.role, mayDecide: c.me.may_decide },
    department: c.department,
    agencyTimeZone: c.agency.time_zone,
    stations: c.stations,
    people: c.people.map((p) => ({
      id: p.id,
      fullName: p.full_name,
      badgeNumber: p.badge_number,
      role: p.role,
      stationId: p.station_id,
      active: p.active,
    })),
    flagKinds: c.flag_kinds,
    falloutCodes: c.fallout_codes.map((f) => ({
      code: f.code,
      name: f.name,
      protocols: f.protocols,
      baseHospital: f.base_hospital,
    })),
  }));
export type ConsoleContext = z.infer<typeof consoleContextSchema>;

export const queueRowSchema = z
  .object({
    id: uuid,
    status: z.enum(REVIEW_STATUSES),
    flags: z.array(z.string()),
    flagged: z.boolean(),
    started_at: time,
    last_record_at: time,
    user_id: uuid,
    crew_name: z.string().nullable(),
    badge_number: z.string().nullable(),
    station_id: uuid.nullable(),
    station_code: z.string().nullable(),
    context_id: uuid.nullable(),
    doses: z.number(),
    narratives: z.number(),
    protocols_applied: z.number(),
    applied_protocols: z.array(z.string()),
    medications: z.array(z.string()),
    assigned_to: uuid.nullable(),
    assignee_name: z.string().nullable(),
    fallout_codes: z.array(z.string()),
    comments: z.number(),
    records_since_request: z.number(),
    updated_at: time,
  })
  .transform((r) => ({
    id: r.id,
    status: r.status,
    flags: r.flags,
    flagged: r.flagged,
    startedAt: r.started_at,
    crewName: r.crew_name,
    badgeNumber: r.badge_number,
    stationCode: r.station_code,
    doses: r.doses,
    narratives: r.narratives,
    appliedProtocols: r.applied_protocols,
    medications: r.medications,
    assigneeName: r.assignee_name,
    falloutCodes: r.fallout_codes,
    comments: r.comments,
    recordsSinceRequest: r.records_since_request,
  }));
export type QueueRow = z.infer<typeof queueRowSchema>;
export const queuePageSchema = z.array(queueRowSchema);

const person = z.object({ id: uuid, full_name: z.string() }).nullable();
const warning = z.object({ code: z.string(), severity: z.string(), message: z.string() });

export const reviewDetailSchema = z
  .object({
    id: uuid,
    status: z.enum(REVIEW_STATUSES),
    flags: z.array(z.string()),
    started_at: time,
    last_record_at: time,
    context_id: uuid.nullable(),
    correction_request: z.string().nullable(),
    correction_requested_at: time.nullable(),
    records_since_request: z.number(),
    crew: z.object({ id: uuid, full_name: z.string(), badge_number: z.string(), role: z.string() }).nullable(),
    station: z.object({ id: uuid, code: z.string(), name: z.string() }).nullable(),
    assignee: person,
    correction_requested_by: person,
    dose_records: z.array(
      z.object({
        id: uuid,
        created_at: time,
        medication: z.string(),
        route: z.string(),
        indication: z.string().nullable(),
        dose_value: z.number(),
        dose_unit: z.string(),
        volume_ml: z.number().nullable(),
        concentration: z.string().nullable(),
        color: z.string().nullable(),
        capped: z.boolean(),
        warnings: z.array(warning),
        age_years: z.number().nullable(),
        weight_kg: z.number().nullable(),
        weight_lb: z.number().nullable(),
        weight_confirmed: z.boolean(),
        base_order: z.boolean(),
        formulary_version: z.string(),
        flags: z.array(z.object({ code: z.string(), detail: z.string() })),
      }),
    ),
    narrative_records: z.array(
      z.object({ id: uuid, narrative_id: uuid, format: z.string(), content: z.string(), created_at: time }),
    ),
    protocol_records: z.array(
      z.object({
        id: uuid,
        tp_code: z.string(),
        name: z.string().nullable(),
        action: z.string(),
        query: z.string().nullable(),
        created_at: time,
      }),
    ),
    comments: z.array(z.object({ id: uuid, body: z.string(), created_at: time, author: person })),
    fallouts: z.array(
      z.object({ code: z.string(), name: z.string(), note: z.string().nullable(), added_at: time, added_by: person }),
    ),
    history: z.array(
      z.object({ occurred_at: time, action: z.string(), details: z.record(z.string(), z.unknown()), by: person }),
    ),
    may_decide: z.boolean(),
    next_statuses: z.array(z.enum(REVIEW_STATUSES)),
  })
  .transform((d) => ({
    id: d.id,
    status: d.status,
    flags: d.flags,
    startedAt: d.started_at,
    lastRecordAt: d.last_record_at,
    contextId: d.context_id,
    correctionRequest: d.correction_request,
    correctionRequestedAt: d.correction_requested_at,
    correctionRequestedBy: d.correction_requested_by?.full_name ?? null,
    recordsSinceRequest: d.records_since_request,
    crew: d.crew && { id: d.crew.id, fullName: d.crew.full_name, badgeNumber: d.crew.badge_number, role: d.crew.role },
    station: d.station,
    assignee: d.assignee && { id: d.assignee.id, fullName: d.assignee.full_name },
    doses: d.dose_records.map((r) => ({
      id: r.id,
      at: r.created_at,
      medication: r.medication,
      route: r.route,
      indication: r.indication,
      dose: `${r.dose_value} ${r.dose_unit}`,
      volumeMl: r.volume_ml,
      concentration: r.concentration,
      color: r.color,
      capped: r.capped,
      warnings: r.warnings,
      ageYears: r.age_years,
      weightKg: r.weight_kg,
      weightLb: r.weight_lb,
      weightConfirmed: r.weight_confirmed,
      baseOrder: r.base_order,
      formularyVersion: r.formulary_version,
      flags: r.flags,
    })),
    narratives: d.narrative_records.map((n) => ({
      id: n.id,
      narrativeId: n.narrative_id,
      format: n.format,
      content: n.content,
      at: n.created_at,
    })),
    protocols: d.protocol_records.map((p) => ({
      id: p.id,
      tpCode: p.tp_code,
      name: p.name,
      action: p.action,
      query: p.query,
      at: p.created_at,
    })),
    comments: d.comments.map((c) => ({
      id: c.id,
      body: c.body,
      at: c.created_at,
      author: c.author?.full_name ?? 'someone',
    })),
    fallouts: d.fallouts.map((f) => ({
      code: f.code,
      name: f.name,
      note: f.note,
      at: f.added_at,
      by: f.added_by?.full_name ?? 'someone',
    })),
    history: d.history.map((h) => ({
      at: h.occurred_at,
      action: h.action,
      details: h.details,
      by: h.by?.full_name ?? 'the server',
    })),
    mayDecide: d.may_decide,
    nextStatuses: d.next_statuses,
  }));
export type ReviewDetail = z.infer<typeof reviewDetailSchema>;
