// ingest_events: every kind written once as the caller's record, replays reported as
// duplicates, bad events refused one by one with a reason, without failing the batch.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvent,
  createOrganisation,
  doseWarning,
  dosingEvent,
  ingest,
  narrativeEvent,
  patientContextEvent,
  protocolUsageEvent,
  uuidV7,
  type Organisation,
  type WireEvent,
} from './fixtures';
import { createAuthUser, createTestDatabase, type TestDatabase } from './helpers';

let db: TestDatabase;
let org: Organisation;

beforeAll(async () => {
  db = await createTestDatabase();
  org = await createOrganisation(db);
});

afterAll(async () => {
  await db?.close();
});

const TABLE_OF: Record<string, string> = {
  narrative: 'narrative_history',
  protocol_usage: 'protocol_usage',
  dosing_calculation: 'dosing_calculations',
  audit: 'audit_logs',
};

async function rowsWithId(table: string, id: string) {
  return (await db.query(`select * from public.${table} where id = $1`, [id])).rows;
}

describe('ingest_events', () => {
  it('writes each kind of event to its table as a record of the caller, department, station and device', async () => {
    const medic = org.people.paramedicA;
    const sessionId = randomUUID();
    const context = patientContextEvent();
    const batch = [
      narrativeEvent(),
      protocolUsageEvent(),
      dosingEvent({}, { warnings: [doseWarning('patient is on a beta blocker', 'caution', 'INTERACTION')] }),
      auditEvent(),
      context,
    ];
    const { results, httpStatus } = await ingest(db, { ...medic.caller, sessionId }, batch);

    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted']);
    expect(httpStatus).toBeNull();
    for (const event of batch.slice(0, 4)) {
      const rows = await rowsWithId(TABLE_OF[event.kind]!, event.id);
      expect(rows, event.kind).toHaveLength(1);
      expect(rows[0], event.kind).toMatchObject({
        user_id: medic.id,
        department_id: medic.departmentId,
        station_id: medic.stationId,
        session_id: sessionId,
      });
    }
    const [dose] = await rowsWithId('dosing_calculations', batch[2]!.id);
    expect(dose).toMatchObject({
      medication: 'epinephrine',
      dose_unit: 'mg',
      warnings: [{ code: 'INTERACTION', severity: 'caution', message: 'patient is on a beta blocker' }],
      has_warnings: true,
      has_danger_warning: false,
    });
    const contexts = await db.query('select user_id, phi_sealed from public.patient_contexts where id = $1', [
      context.payload['context_id'],
    ]);
    expect(contexts.rows).toEqual([{ user_id: medic.id, phi_sealed: context.payload['phi_sealed'] }]);
  });

  it('writes a batch sent twice once, and answers the second time with duplicate for every event', async () => {
    const medic = org.people.emtA;
    const batch = [narrativeEvent(), protocolUsageEvent(), dosingEvent(), auditEvent(), patientContextEvent()];
    const first = await ingest(db, medic.caller, batch);
    const second = await ingest(db, medic.caller, batch);

    expect(first.results.map((r) => r.status)).toEqual(Array(5).fill('accepted'));
    expect(second.results).toEqual(
      batch.map((e) => ({ id: e.id, status: 'duplicate', code: null, reason: null, retry_after_seconds: null })),
    );
    for (const event of batch.slice(0, 4))
      expect(await rowsWithId(TABLE_OF[event.kind]!, event.id), event.kind).toHaveLength(1);
  });

  it('reports an event repeated within one batch as a duplicate of the first', async () => {
    const event = protocolUsageEvent();
    const { results } = await ingest(db, org.people.paramedicA.caller, [event, event]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'duplicate']);
  });

  it('reports a record that was written directly, not through ingest_events, as a duplicate', async () => {
    const medic = org.people.paramedicA;
    const event = protocolUsageEvent();
    // The service role: since issue #12 no signed-in user writes a table directly.
    await db.queryAs(
      'service_role',
      "insert into public.protocol_usage (id, user_id, department_id, station_id, tp_code, action, created_at) values ($1, $2, $3, $4, '1211', 'viewed', now())",
      [event.id, medic.id, medic.departmentId, medic.stationId],
    );
    const { results } = await ingest(db, medic.caller, [event]);
    expect(results[0]).toMatchObject({ id: event.id, status: 'duplicate' });
  });

  it('refuses an id another user already sent with ID_TAKEN, and keeps their record', async () => {
    const event = narrativeEvent();
    await ingest(db, org.people.paramedicA.caller, [event]);
    const { results } = await ingest(db, org.people.paramedicB.caller, [event]);
    expect(results[0]).toMatchObject({ id: event.id, status: 'rejected', code: 'ID_TAKEN' });
    expect(results[0]?.reason).toMatch(/another user/);
    expect(await rowsWithId('narrative_history', event.id)).toMatchObject([{ user_id: org.people.paramedicA.id }]);
  });

  it('refuses with ID_TAKEN an id whose record was written for another user without the ledger (by the service role)', async () => {
    const owner = org.people.paramedicA;
    const event = protocolUsageEvent();
    // API roles can no longer write tables (table-grants.test.ts); the service role still can.
    await db.queryAs(
      'service_role',
      "insert into public.protocol_usage (id, user_id, department_id, station_id, tp_code, action, created_at) values ($1, $2, $3, $4, '1211', 'viewed', now())",
      [event.id, owner.id, owner.departmentId, owner.stationId],
    );
    const { results } = await ingest(db, org.people.emtA.caller, [event, auditEvent()]);
    expect(results.map((r) => [r.status, r.code])).toEqual([
      ['rejected', 'ID_TAKEN'],
      ['accepted', null],
    ]);
  });

  const longAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();
  const invalid: Array<[string, unknown, string, RegExp]> = [
    ['an id that is not a UUID', { ...protocolUsageEvent(), id: 'event-1' }, 'EVENT_INVALID', /UUID/],
    ['an unknown kind', { ...protocolUsageEvent(), kind: 'chat_message' }, 'EVENT_INVALID', /kind must be/],
    [
      'a time without an offset',
      protocolUsageEvent({ occurred_at: '2026-11-25 08:00' }),
      'EVENT_INVALID',
      /occurred_at/,
    ],
    [
      'a payload that is not an object',
      { ...protocolUsageEvent(), payload: 'tp 1211' },
      'EVENT_INVALID',
      /payload must be an object/,
    ],
    [
      'a protocol code that is not one',
      protocolUsageEvent({}, { tp_code: '12' }),
      'PAYLOAD_INVALID',
      /payload\.tp_code/,
    ],
    [
      'a usage action the app does not record',
      protocolUsageEvent({}, { action: 'printed' }),
      'PAYLOAD_INVALID',
      /payload\.action must be viewed or applied/,
    ],
    [
      'a dose without its value',
      dosingEvent({}, { dose: { unit: 'mg' } }),
      'PAYLOAD_INVALID',
      /payload\.dose\.value is required/,
    ],
    ['a negative volume', dosingEvent({}, { volume_ml: -1 }), 'PAYLOAD_INVALID', /cannot be negative/],
    ['warnings that are plain texts', dosingEvent({}, { warnings: ['x'] }), 'PAYLOAD_INVALID', /payload\.warnings/],
    [
      'a warning of unknown severity',
      dosingEvent({}, { warnings: [doseWarning('x', 'fatal' as 'danger')] }),
      'PAYLOAD_INVALID',
      /severity: danger\|caution\|info/,
    ],
    [
      'a warning with extra fields',
      dosingEvent({}, { warnings: [{ ...doseWarning('x'), patient: 'name' }] }),
      'PAYLOAD_INVALID',
      /payload\.warnings/,
    ],
    [
      'a narrative format the app does not write',
      narrativeEvent({}, { format: 'haiku' }),
      'PAYLOAD_INVALID',
      /soap, chart, chronological or nemsis/,
    ],
    ['an empty narrative', narrativeEvent({}, { content: '' }), 'PAYLOAD_INVALID', /payload\.content/],
    [
      'audit details with nested objects',
      auditEvent({}, { details: { patient: { name: 'x' } } }),
      'PAYLOAD_INVALID',
      /plain values/,
    ],
    [
      'audit details that are a list',
      auditEvent({}, { details: ['protocol_viewed'] }),
      'PAYLOAD_INVALID',
      /plain values/,
    ],
    ['warnings that are not a list', dosingEvent({}, { warnings: 'none' }), 'PAYLOAD_INVALID', /payload\.warnings/],
    [
      'a context that does not expire 24 h after creation',
      {
        ...patientContextEvent(),
        payload: { ...patientContextEvent().payload, expires_at: '2099-01-01T00:00:00.000Z' },
      },
      'PAYLOAD_INVALID',
      /exactly 24 hours/,
    ],
    [
      'patient fields in the clear',
      {
        ...patientContextEvent(),
        payload: { ...patientContextEvent().payload, phi_sealed: { iv: 'a', data: 'b', name: 'Jane' } },
      },
      'PAYLOAD_INVALID',
      /never receives patient fields/,
    ],
    [
      'a context saved before it was created',
      patientContextEvent(new Date(), undefined, { occurred_at: new Date(Date.now() - 3600_000).toISOString() }),
      'PAYLOAD_INVALID',
      /cannot be earlier than payload\.created_at/,
    ],
    [
      'an event from the far future',
      protocolUsageEvent({ occurred_at: '2099-01-01T00:00:00.000Z' }),
      'EVENT_IN_FUTURE',
      /ahead of the server's clock/,
    ],
    [
      'protocol usage older than the 90 days it is kept',
      protocolUsageEvent({ occurred_at: longAgo(91) }),
      'EVENT_PAST_RETENTION',
      /90 days/,
    ],
    [
      'a time that is not a day of the calendar',
      protocolUsageEvent({ occurred_at: '2026-02-30T08:00:00.000Z' }),
      'PAYLOAD_INVALID',
      /out of range/,
    ],
    [
      'a device id that is not a UUID',
      protocolUsageEvent({ device_id: 'phone-7' }),
      'EVENT_INVALID',
      /device_id must be/,
    ],
    ['a seq of zero', protocolUsageEvent({ device_id: randomUUID(), seq: 0 }), 'EVENT_INVALID', /seq must be/],
    [
      'a seq that is not a whole number',
      protocolUsageEvent({ device_id: randomUUID(), seq: 2.5 }),
      'EVENT_INVALID',
      /seq must be/,
    ],
    [
      'a seq sent as text',
      { ...protocolUsageEvent({ device_id: randomUUID() }), seq: '3' },
      'EVENT_INVALID',
      /seq must be/,
    ],
  ];

  it.each(invalid)(
    'refuses %s with a reason, and accepts the valid events of the same batch',
    async (_what, bad, code, reason) => {
      const before = protocolUsageEvent();
      const after = auditEvent();
      const { results, httpStatus } = await ingest(db, org.people.paramedicA.caller, [before, bad, after]);

      expect(results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'accepted']);
      expect(results[1]).toMatchObject({ id: (bad as { id: unknown }).id, code });
      expect(results[1]?.reason).toMatch(reason);
      expect(httpStatus).toBeNull();
    },
  );

  it('refuses a patient context whose sealed PHI is not base64 on its own, and accepts the rest of its batch', async () => {
    const bad = patientContextEvent();
    (bad.payload as { phi_sealed: unknown }).phi_sealed = {
      iv: 'not base64!',
      data: 'also not base64, and plain text',
    };
    const { results } = await ingest(db, org.people.paramedicA.caller, [auditEvent(), bad, auditEvent()]);
    expect(results.map((r) => [r.status, r.code])).toEqual([
      ['accepted', null],
      ['rejected', 'PAYLOAD_INVALID'],
      ['accepted', null],
    ]);
    expect(results[1]?.reason).toMatch(/phi_sealed\.iv must be the base64/);
  });

  it('refuses events that are not objects one by one, and accepts the others', async () => {
    const first = protocolUsageEvent();
    const last = auditEvent();
    const { results, httpStatus } = await ingest(db, org.people.paramedicA.caller, [
      first,
      42,
      null,
      'an event',
      [first],
      last,
    ]);
    expect(results.map((r) => [r.status, r.code])).toEqual([
      ['accepted', null],
      ['rejected', 'EVENT_INVALID'],
      ['rejected', 'EVENT_INVALID'],
      ['rejected', 'EVENT_INVALID'],
      ['rejected', 'EVENT_INVALID'],
      ['accepted', null],
    ]);
    expect(results.slice(1, 5).map((r) => r.id)).toEqual([null, null, null, null]);
    expect(httpStatus).toBeNull();
  });

  it('takes a refused event once it is fixed, under the same id', async () => {
    const broken = narrativeEvent({}, { format: 'haiku' });
    const refused = await ingest(db, org.people.paramedicA.caller, [broken]);
    const fixed = await ingest(db, org.people.paramedicA.caller, [
      { ...broken, payload: { ...broken.payload, format: 'chronological' } },
    ]);
    expect([refused.results[0]?.status, fixed.results[0]?.status]).toEqual(['rejected', 'accepted']);
  });

  it('answers an empty batch with an empty list', async () => {
    expect((await ingest(db, org.people.paramedicA.caller, [])).results).toEqual([]);
  });

  it('refuses a call that is not a list of events, or a batch over 1000 events, as a whole', async () => {
    const medic = org.people.paramedicA.caller;
    await expect(db.queryAs(medic, 'select public.ingest_events(\'{"id": 1}\'::jsonb)')).rejects.toMatchObject({
      code: '22023',
    });
    const tooMany = Array.from({ length: 1001 }, () => protocolUsageEvent());
    await expect(ingest(db, medic, tooMany)).rejects.toMatchObject({
      code: '22023',
      message: expect.stringMatching(/at most 1000/),
    });
  });

  it('refuses anon and signed-in users without an active profile', async () => {
    await expect(ingest(db, 'anon', [protocolUsageEvent()])).rejects.toMatchObject({ code: '42501' });
    const stranger = await createAuthUser(db, { email: `stranger@${db.name}.test`, appRole: 'paramedic' });
    await expect(ingest(db, { userId: stranger, appRole: 'paramedic' }, [protocolUsageEvent()])).rejects.toMatchObject({
      code: '42501',
    });
  });

  it('refuses a soft-deleted user', async () => {
    const { id, caller } = org.people.emtA;
    await db.query('update public.users set deleted_at = now() where id = $1', [id]);
    try {
      await expect(ingest(db, caller, [protocolUsageEvent()])).rejects.toMatchObject({ code: '42501' });
    } finally {
      await db.query('update public.users set deleted_at = null where id = $1', [id]);
    }
  });

  it('records the device session and one metric per batch, which the sync health view reads', async () => {
    const medic = org.people.paramedicB;
    const sessionId = randomUUID();
    await ingest(db, { ...medic.caller, sessionId }, [protocolUsageEvent(), narrativeEvent({}, { format: 'x' })]);
    await ingest(db, { ...medic.caller, sessionId }, [protocolUsageEvent()]);

    const session = await db.query('select user_id, department_id, station_id from public.sessions where id = $1', [
      sessionId,
    ]);
    expect(session.rows).toEqual([
      { user_id: medic.id, department_id: medic.departmentId, station_id: medic.stationId },
    ]);
    const metrics = await db.query<{ value: number; labels: Record<string, number> }>(
      "select value, labels from public.metrics where session_id = $1 and name = 'ingest.batch' order by id",
      [sessionId],
    );
    expect(
      metrics.rows.map((m) => [m.value, m.labels['accepted'], m.labels['rejected'], m.labels['duplicate']]),
    ).toEqual([
      [2, 1, 1, 0],
      [1, 1, 0, 0],
    ]);
  });
});

describe('ingest_events with patient contexts', () => {
  it('replaces the sealed fields when the device saves the same context again', async () => {
    const medic = org.people.paramedicA;
    const created = new Date();
    const first = patientContextEvent(created);
    const contextId = String(first.payload['context_id']);
    const resaved: WireEvent = {
      ...patientContextEvent(created, contextId),
      payload: { ...first.payload, phi_sealed: { iv: 'bmV3LWl2LTEyYnl0', data: 'bmV3IHNlYWxlZCBmaWVsZHM=' } },
    };
    const { results } = await ingest(db, medic.caller, [first, resaved]);

    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const { rows } = await db.query('select phi_sealed, last_event_id from public.patient_contexts where id = $1', [
      contextId,
    ]);
    expect(rows).toEqual([
      { phi_sealed: { iv: 'bmV3LWl2LTEyYnl0', data: 'bmV3IHNlYWxlZCBmaWVsZHM=' }, last_event_id: resaved.id },
    ]);
  });

  it('refuses to let one user overwrite the context of another', async () => {
    const mine = patientContextEvent();
    await ingest(db, org.people.paramedicA.caller, [mine]);
    const theirs = patientContextEvent(
      new Date(String(mine.payload['created_at'])),
      String(mine.payload['context_id']),
    );
    const { results } = await ingest(db, org.people.emtA.caller, [theirs]);
    expect(results[0]).toMatchObject({ status: 'rejected', code: 'CONTEXT_NOT_YOURS' });
  });

  it('saves one context and refuses another with a broken creation time in the same batch', async () => {
    const good = patientContextEvent();
    const broken = patientContextEvent();
    const { results } = await ingest(db, org.people.paramedicA.caller, [
      good,
      { ...broken, payload: { ...broken.payload, created_at: { at: 'noon' } } },
    ]);
    expect(results.map((r) => [r.status, r.code])).toEqual([
      ['accepted', null],
      ['rejected', 'PAYLOAD_INVALID'],
    ]);
  });

  it('never stores a context that has already expired', async () => {
    const created = new Date(Date.now() - 25 * 3600 * 1000);
    const { results } = await ingest(db, org.people.paramedicA.caller, [
      patientContextEvent(created, uuidV7(created), { occurred_at: new Date().toISOString() }),
    ]);
    expect(results[0]).toMatchObject({ status: 'rejected', code: 'CONTEXT_EXPIRED' });
  });
});

describe('ingest_events and the order of each device', () => {
  const ledgerOf = async (deviceId: string) =>
    (
      await db.query<{ id: string; device_seq: string }>(
        'select id, device_seq from private.ingested_events where device_id = $1 order by device_seq',
        [deviceId],
      )
    ).rows;

  it('keeps the device id and outbox sequence of each event in the ledger, so order per device can be checked', async () => {
    const deviceId = randomUUID();
    const batch = [protocolUsageEvent(), auditEvent(), narrativeEvent()].map((e, i) => ({
      ...e,
      device_id: deviceId,
      seq: 41 + i,
    }));
    const { results } = await ingest(db, org.people.paramedicA.caller, batch);

    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(await ledgerOf(deviceId)).toEqual(batch.map((e) => ({ id: e.id, device_seq: String(e.seq) })));
  });

  it('keeps the seq of the first send when an event comes again', async () => {
    const deviceId = randomUUID();
    const event = { ...protocolUsageEvent(), device_id: deviceId, seq: 7 };
    await ingest(db, org.people.paramedicA.caller, [event]);
    const resend = await ingest(db, org.people.paramedicA.caller, [{ ...event, seq: 12 }]);

    expect(resend.results[0]?.status).toBe('duplicate');
    expect(await ledgerOf(deviceId)).toEqual([{ id: event.id, device_seq: '7' }]);
  });

  it('takes events without a device id or seq, as older clients send them', async () => {
    const event = protocolUsageEvent();
    const { results } = await ingest(db, org.people.paramedicA.caller, [
      event,
      { ...auditEvent(), device_id: null, seq: null },
    ]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const { rows } = await db.query('select device_id, device_seq from private.ingested_events where id = $1', [
      event.id,
    ]);
    expect(rows).toEqual([{ device_id: null, device_seq: null }]);
  });
});
