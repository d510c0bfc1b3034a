// Narratives from the device: the three formats crews draft (SOAP, CHART, chronological) are
// stored; each save of one narrative is kept as a version under the same narrative_id.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, ingest, narrativeEvent, uuidV7, type Organisation } from './fixtures';
import { createTestDatabase, type TestDatabase } from './helpers';

let db: TestDatabase;
let org: Organisation;
beforeAll(async () => {
  db = await createTestDatabase();
  org = await createOrganisation(db);
});
afterAll(async () => {
  await db?.close();
});

describe('narrative_history', () => {
  it('accepts a paramedic’s CHART narrative and stores it with the chart format', async () => {
    const event = narrativeEvent(
      {},
      { format: 'chart', content: 'C: chest pain\nH: none\nA: diaphoretic\nR: aspirin\nT: to the STEMI centre' },
    );
    const { results } = await ingest(db, org.people.paramedicA.caller, [event]);
    expect(results.map((r) => r.status)).toEqual(['accepted']);
    const { rows } = await db.query<{ format: string }>(
      'select format::text from public.narrative_history where id = $1',
      [event.id],
    );
    expect(rows).toEqual([{ format: 'chart' }]);
  });

  it('keeps every saved version of one narrative, in the order saved, under its narrative_id', async () => {
    const narrativeId = randomUUID();
    const saves = ['S: first', 'S: second', 'S: third'].map((content, i) =>
      narrativeEvent({ id: uuidV7(new Date(Date.now() + i)) }, { narrative_id: narrativeId, format: 'soap', content }),
    );
    await ingest(db, org.people.paramedicA.caller, saves);
    const { rows } = await db.query<{ content: string }>(
      'select content from public.narrative_history where narrative_id = $1 order by created_at, id',
      [narrativeId],
    );
    expect(rows.map((r) => r.content)).toEqual(['S: first', 'S: second', 'S: third']);
  });

  it('still refuses a format no device writes, naming the four it takes', async () => {
    const { results } = await ingest(db, org.people.paramedicA.caller, [narrativeEvent({}, { format: 'haiku' })]);
    expect(results[0]).toMatchObject({
      status: 'rejected',
      code: 'PAYLOAD_INVALID',
      reason: expect.stringMatching(/soap, chart, chronological or nemsis/),
    });
  });
});
