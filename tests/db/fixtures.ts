// People and places for the database tests: two departments (North, South), a user of every
// role in North and a paramedic and a director in South, each with a Supabase Auth account and
// a public.users profile. Tests build their own records on top.
import { v7 as uuidv7 } from 'uuid';
import type { AppRole, Caller, TestDatabase } from './helpers';
import { createAuthUser } from './helpers';

/** A signed-in user (not an API key), so tests can add a sessionId to it. */
export type UserCaller = Extract<Caller, { userId: string }>;

export const PERSON_KEYS = ['paramedicA', 'emtA', 'directorA', 'adminA', 'paramedicB', 'directorB'] as const;
export type PersonKey = (typeof PERSON_KEYS)[number];

export interface Person {
  key: PersonKey;
  id: string;
  role: AppRole;
  departmentId: string;
  stationId: string | null;
  /** Signed in with the role in app_metadata, as Supabase issues the token. */
  caller: UserCaller;
}

export interface Organisation {
  departments: { A: string; B: string };
  stations: { A1: string; A2: string; B1: string };
  people: Record<PersonKey, Person>;
}

const PLAN: Array<[PersonKey, AppRole, 'A' | 'B', 'A1' | 'A2' | 'B1' | null]> = [
  ['paramedicA', 'paramedic', 'A', 'A1'],
  ['emtA', 'emt', 'A', 'A2'],
  ['directorA', 'medical_director', 'A', null],
  ['adminA', 'admin', 'A', null],
  ['paramedicB', 'paramedic', 'B', 'B1'],
  ['directorB', 'medical_director', 'B', null],
];

/** One more signed-up user with a profile, for tests that need a fresh history (rate limits). */
export async function createPerson(
  db: TestDatabase,
  profile: { label: string; role: AppRole; departmentId: string; stationId: string | null },
): Promise<{ id: string; caller: UserCaller }> {
  const email = `${profile.label.toLowerCase()}@${db.name}.test`;
  const id = await createAuthUser(db, { email, appRole: profile.role });
  await db.query(
    `insert into public.users (id, email, full_name, role, badge_number, department_id, station_id)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      id,
      email,
      `Test ${profile.label}`,
      profile.role,
      profile.label
        .toUpperCase()
        .replace(/[^A-Z0-9-]/g, '')
        .slice(0, 20),
      profile.departmentId,
      profile.stationId,
    ],
  );
  return { id, caller: { userId: id, appRole: profile.role } };
}

export async function createOrganisation(db: TestDatabase): Promise<Organisation> {
  const department = async (code: string) =>
    (
      await db.query<{ id: string }>('insert into public.departments (code, name) values ($1, $2) returning id', [
        code,
        `${code} Fire`,
      ])
    ).rows[0]!.id;
  const station = async (departmentId: string, code: string) =>
    (
      await db.query<{ id: string }>(
        'insert into public.stations (department_id, code, name) values ($1, $2, $2) returning id',
        [departmentId, code],
      )
    ).rows[0]!.id;

  const departments = { A: await department('NORTH'), B: await department('SOUTH') };
  const stations = {
    A1: await station(departments.A, 'A1'),
    A2: await station(departments.A, 'A2'),
    B1: await station(departments.B, 'B1'),
  };
  const people = {} as Record<PersonKey, Person>;
  for (const [key, role, dept, stationKey] of PLAN) {
    const departmentId = departments[dept];
    const stationId = stationKey ? stations[stationKey] : null;
    const { id, caller } = await createPerson(db, { label: key, role, departmentId, stationId });
    people[key] = { key, id, role, departmentId, stationId, caller };
  }
  return { departments, stations, people };
}

/** A time-ordered UUID (v7), as the device makes event ids. */
export function uuidV7(at = new Date()): string {
  return uuidv7({ msecs: at.getTime() });
}

/** The body of one outbox event as the app sends it (src/domain/outbox/event.ts toWireEvent). */
export interface WireEvent {
  id: string;
  kind: string;
  occurred_at: string;
  payload: Record<string, unknown>;
  /** The sending device's stable id and the event's place in its outbox; older clients send neither. */
  device_id?: string;
  seq?: number;
}

export function protocolUsageEvent(
  overrides: Partial<WireEvent> = {},
  payload: Record<string, unknown> = {},
): WireEvent {
  return {
    id: uuidV7(),
    kind: 'protocol_usage',
    occurred_at: new Date().toISOString(),
    payload: {
      tp_code: '1211',
      action: 'viewed',
      query: 'chest pain',
      context_id: null,
      dataset_version: '1.0.0',
      ...payload,
    },
    ...overrides,
  };
}

/** A dosing warning as the engine gives it (src/domain/dosing/refusals-and-warnings.ts DoseWarning). */
export function doseWarning(
  message: string,
  severity: 'danger' | 'caution' | 'info' = 'caution',
  code = 'CONTRAINDICATIONS',
) {
  return { code, severity, message };
}

export function dosingEvent(overrides: Partial<WireEvent> = {}, payload: Record<string, unknown> = {}): WireEvent {
  return {
    id: uuidV7(),
    kind: 'dosing_calculation',
    occurred_at: new Date().toISOString(),
    payload: {
      context_id: null,
      medication: 'epinephrine',
      route: 'IM',
      indication: 'anaphylaxis',
      inputs: { medication: 'epinephrine', route: 'IM', weight_kg: 14 },
      dose: { value: 0.14, unit: 'mg' },
      volume_ml: 0.14,
      concentration: '1 mg/mL',
      color: 'Yellow',
      capped: false,
      warnings: [],
      formulary_version: 'mcg1309-2025-07-01+per-kg.0',
      ...payload,
    },
    ...overrides,
  };
}

export function narrativeEvent(overrides: Partial<WireEvent> = {}, payload: Record<string, unknown> = {}): WireEvent {
  return {
    id: uuidV7(),
    kind: 'narrative',
    occurred_at: new Date().toISOString(),
    payload: {
      context_id: null,
      format: 'soap',
      content: 'S: chest pressure for 2 h. O: diaphoretic. A: suspected ACS. P: aspirin, 12-lead.',
      ...payload,
    },
    ...overrides,
  };
}

export function auditEvent(overrides: Partial<WireEvent> = {}, payload: Record<string, unknown> = {}): WireEvent {
  return {
    id: uuidV7(),
    kind: 'audit',
    occurred_at: new Date().toISOString(),
    payload: { action: 'protocol_viewed', details: { tp_code: '1211' }, ...payload },
    ...overrides,
  };
}

/** A patient context saved on the device: sealed fields, expiring 24 h after creation. */
export function patientContextEvent(
  createdAt = new Date(),
  contextId = uuidV7(createdAt),
  overrides: Partial<WireEvent> = {},
): WireEvent {
  return {
    id: uuidV7(),
    kind: 'patient_context',
    occurred_at: createdAt.toISOString(),
    payload: {
      context_id: contextId,
      created_at: createdAt.toISOString(),
      expires_at: new Date(createdAt.getTime() + 24 * 3600 * 1000).toISOString(),
      phi_sealed: { iv: 'AAECAwQFBgcICQoL', data: 'c2VhbGVkIHBhdGllbnQgZmllbGRz' },
    },
    ...overrides,
  };
}

/** One verdict of ingest_events; retry_after_seconds is a number on RATE_LIMITED and BANNED only. */
export interface IngestResult {
  id: unknown;
  status: 'accepted' | 'duplicate' | 'rejected';
  code: string | null;
  reason: string | null;
  retry_after_seconds: number | null;
}

/** What ingest_events answers when it refuses the whole call (HTTP 429), shaped like PostgREST's errors. */
export interface RefusedCall {
  code: 'RATE_LIMITED' | 'BANNED';
  message: string;
  details: null;
  hint: null;
  retry_after_seconds: number;
  results: IngestResult[];
}

export interface IngestReply {
  /** The verdicts, from the list or from the refusal. */
  results: IngestResult[];
  /** The refusal of the whole call, or null when the call answered a list. */
  refusal: RefusedCall | null;
  /** response.status as the function set it: null is HTTP 200. */
  httpStatus: string | null;
  headers: string | null;
}

/** Calls ingest_events as `caller`, the way the API stand-in does; also returns response.status. */
export async function ingest(db: TestDatabase, caller: Caller, events: unknown[]): Promise<IngestReply> {
  return db.as(caller, async (client) => {
    const { rows } = await client.query<{ body: IngestResult[] | RefusedCall }>(
      'select public.ingest_events($1::jsonb) as body',
      [JSON.stringify(events)],
    );
    const settings = await client.query<{ status: string | null; headers: string | null }>(
      "select nullif(current_setting('response.status', true), '') as status, nullif(current_setting('response.headers', true), '') as headers",
    );
    const body = rows[0]!.body;
    const refusal = Array.isArray(body) ? null : body;
    return {
      results: refusal ? refusal.results : (body as IngestResult[]),
      refusal,
      httpStatus: settings.rows[0]!.status,
      headers: settings.rows[0]!.headers,
    };
  });
}
