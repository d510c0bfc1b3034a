// The set-based ingest_events gives the verdicts the landed one gave (tests/db/original-ingest.ts
// recreates it): well over a thousand events, each a valid event of some kind with one field
// replaced by an awkward value, sent to both from the same state. retry_after_seconds, which only
// the new one has, is left out of the comparison.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type Organisation } from './fixtures';
import { createTestDatabase, type TestDatabase } from './helpers';

/** Sealed PHI in the shape the app sends ({iv, data}, base64 of the right lengths): the corpus tests the rules, not the table's CHECK. */
const SEALED = { iv: 'AAECAwQFBgcICQoL', data: 'c2VhbGVkIHBhdGllbnQgZmllbGRz' };
import { createOriginalIngestEvents, ORIGINAL_INGEST_FUNCTION } from './original-ingest';

let db: TestDatabase;
let org: Organisation;

beforeAll(async () => {
  db = await createTestDatabase();
  org = await createOrganisation(db);
  await createOriginalIngestEvents(db.pool);
  // The corpus holds more dosing events than a minute allows; limits have their own tests.
  await db.query('update public.rate_limit_config set max_requests = 1000000000');
});

afterAll(async () => {
  await db?.close();
});

const HOUR = 3600_000;
const now = new Date();
const iso = (d: Date) => d.toISOString();
const ago = (ms: number) => new Date(now.getTime() - ms);

function patientContext(created = now) {
  return {
    context_id: uuidv7(),
    created_at: iso(created),
    expires_at: iso(new Date(created.getTime() + 24 * HOUR)),
    phi_sealed: SEALED,
  };
}

const VALID_PAYLOADS: Record<string, () => Record<string, unknown>> = {
  protocol_usage: () => ({
    tp_code: '1211',
    action: 'viewed',
    query: 'chest pain',
    context_id: null,
    dataset_version: '1.0.0',
  }),
  audit: () => ({ action: 'protocol_viewed', details: { tp_code: '1211' } }),
  narrative: () => ({ format: 'soap', content: 'S: chest pain', context_id: null }),
  dosing_calculation: () => ({
    context_id: null,
    medication: 'epinephrine',
    route: 'IM',
    indication: null,
    inputs: { weight_kg: 14 },
    dose: { value: 0.14, unit: 'mg' },
    volume_ml: 0.14,
    concentration: '1 mg/mL',
    color: null,
    capped: false,
    warnings: [],
    formulary_version: 'f1',
  }),
  patient_context: () => patientContext(),
};

const AWKWARD: unknown[] = [
  null,
  0,
  -1,
  1.5,
  true,
  '',
  'x',
  'x'.repeat(300),
  'X'.repeat(60_000),
  [],
  {},
  [1],
  { a: { b: 1 } },
  { a: [1] },
  '1211',
  '1210-P',
  '12',
  'viewed',
  'soap',
  'haiku',
  'Protocol Viewed',
  '2026-02-30T00:00Z',
  '2026-01-01T24:00Z',
  '2026-01-01 08:00',
  iso(now),
  iso(ago(30 * 24 * HOUR)),
  '0190a5d2-7c1e-7a00-8000-000000000001',
  'ABCDEF01-2345-6789-ABCD-EF0123456789',
  'not-a-uuid',
  [{ code: 'X', severity: 'info', message: 'm' }],
  [{ code: 'x', severity: 'info', message: 'm' }],
  [{ code: 'X', severity: 'fatal', message: 'm' }],
  [{ code: 'X', severity: 'info', message: 'm', extra: 1 }],
  Array.from({ length: 51 }, () => ({ code: 'X', severity: 'info', message: 'm' })),
  { iv: 'a', data: 'b' },
  { iv: 'a', data: 'b', name: 'Jane' },
  { iv: 'a' },
];

function corpus(): unknown[] {
  const events: unknown[] = [];
  const event = (kind: unknown, payload: unknown, occurredAt: unknown = iso(now), id: unknown = uuidv7()) => ({
    id,
    kind,
    occurred_at: occurredAt,
    payload,
  });
  for (const [kind, valid] of Object.entries(VALID_PAYLOADS)) {
    events.push(event(kind, valid()));
    const fields = [...Object.keys(valid()), ...(kind === 'dosing_calculation' ? ['dose.value', 'dose.unit'] : [])];
    for (const field of fields) {
      for (const value of [...AWKWARD, undefined]) {
        const payload = valid();
        const [outer, inner] = field.split('.') as [string, string | undefined];
        const target = inner
          ? ((payload[outer] = { ...(payload[outer] as object) }) as Record<string, unknown>)
          : payload;
        const key = inner ?? outer;
        if (value === undefined) delete target[key];
        else target[key] = value;
        events.push(event(kind, payload));
      }
    }
    for (const at of [
      '2099-01-01T00:00Z',
      iso(ago(91 * 24 * HOUR)),
      iso(ago(7 * 365 * 24 * HOUR)),
      '2026-12-01T05:00:00+05:30',
      '2026-12-01T05:00:00-0800',
      '2026-12-01T05:00:00.1234567891Z',
    ]) {
      events.push(event(kind, valid(), at));
    }
  }
  for (const value of AWKWARD) {
    events.push(
      event('audit', VALID_PAYLOADS['audit']!(), value),
      event('audit', VALID_PAYLOADS['audit']!(), iso(now), value),
    );
    events.push(event(value, VALID_PAYLOADS['audit']!()), event('audit', value), value);
  }
  const expired = ago(25 * HOUR);
  events.push(event('patient_context', patientContext(expired)));
  const context = patientContext();
  events.push(
    event('patient_context', context),
    event('patient_context', {
      ...context,
      phi_sealed: { iv: 'AAECAwQFBgcICQoL', data: 'bmV3IGNpcGhlcnRleHQgZm9yIGl0' },
    }),
  );
  events.push(
    event('patient_context', {
      ...context,
      created_at: iso(ago(1000)),
      expires_at: iso(new Date(ago(1000).getTime() + 24 * HOUR)),
    }),
  );
  const twice = event('audit', VALID_PAYLOADS['audit']!());
  events.push(twice, twice, { ...twice, payload: 'changed' });
  return events;
}

async function verdicts(fn: string, events: unknown[]): Promise<unknown[]> {
  const results = await db.as(
    org.people.paramedicA.caller,
    async (client) =>
      (
        await client.query<{ r: Array<Record<string, unknown>> }>(`select public.${fn}($1::jsonb) as r`, [
          JSON.stringify(events),
        ])
      ).rows[0]!.r,
    { rollback: true },
  );
  return results.map(({ retry_after_seconds: _, ...verdict }) => verdict);
}

describe('ingest_events beside the function it replaces', () => {
  it('gives every event of a corpus of awkward ones the verdict the landed function gave', async () => {
    const events = corpus();
    expect(events.length).toBeGreaterThan(1000);
    for (let start = 0; start < events.length; start += 500) {
      const batch = events.slice(start, start + 500);
      const [before, newer] = [await verdicts(ORIGINAL_INGEST_FUNCTION, batch), await verdicts('ingest_events', batch)];
      // Kinds and formats added since (CHART narratives, 20261201000900; call_closed, 20261201000910)
      // lengthen two messages; with them taken out, the verdicts must still be the landed ones.
      const after = newer.map((v) => {
        const reason = (v as { reason?: string | null }).reason;
        return typeof reason === 'string'
          ? {
              ...(v as object),
              reason: reason
                .replace('soap, chart, chronological', 'soap, chronological')
                .replace('audit, patient_context or call_closed', 'audit or patient_context'),
            }
          : v;
      });
      for (let i = 0; i < batch.length; i++) {
        const landed = before[i] as { reason?: string | null };
        // Where the landed function only passed a table CHECK's own words through, the new one
        // names the payload field instead: same verdict and code, a better reason.
        if (/violates check constraint/.test(landed.reason ?? '')) {
          expect({ ...(after[i] as object), reason: null }, JSON.stringify(batch[i]).slice(0, 300)).toEqual({
            ...landed,
            reason: null,
          });
          expect((after[i] as { reason: string }).reason).toMatch(/^payload\./);
        } else {
          expect(after[i], JSON.stringify(batch[i]).slice(0, 300)).toEqual(before[i]);
        }
      }
    }
  });
});
