// Bad JSON input is a 4xx, never a 5xx (issue #12): a NUL character, a lone UTF-16 surrogate or
// JSON nested thousands of levels deep, sent to an RPC over HTTP, is answered 400 with a code
// (PostgREST's PGRST102 for a body it will not parse, Postgres' 22P05 / 22P02 for text it will
// not store), and the stand-in goes on serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from '../../supabase/local/api';
import { signJwt } from '../../supabase/local/jwt';
import { createOrganisation, narrativeEvent, protocolUsageEvent, type Organisation } from './fixtures';
import { callerClaims, createTestDatabase, type TestDatabase } from './helpers';

let db: TestDatabase;
let org: Organisation;
let api: RunningApi;
let medicToken: string;
let directorToken: string;

beforeAll(async () => {
  db = await createTestDatabase();
  org = await createOrganisation(db);
  api = await startApi({ databaseUrl: db.url });
  medicToken = await signJwt(callerClaims(org.people.paramedicA.caller), api.jwtSecret);
  directorToken = await signJwt(callerClaims(org.people.directorA.caller), api.jwtSecret);
});

afterAll(async () => {
  await api?.stop();
  await db?.close();
});

/** Posts JSON text exactly as given (JSON.stringify would escape what these tests need raw). */
async function post(
  path: string,
  text: string | Buffer,
  token = medicToken,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { apikey: api.anonKey, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: typeof text === 'string' ? text : new Blob([new Uint8Array(text)]),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A batch whose narrative content is `content`, spliced into the JSON text unescaped. */
function narrativeBatchWith(content: string): string {
  const text = JSON.stringify({ events: [narrativeEvent({}, { content: '@@CONTENT@@' })] });
  return text.replace('@@CONTENT@@', content);
}

const nested = (levels: number) => `{"events": ${'['.repeat(levels)}${']'.repeat(levels)}}`;

const cases: Array<[string, () => Promise<{ status: number; body: Record<string, unknown> }>]> = [
  [
    'a NUL character (\\u0000) in a narrative sent to ingest_events',
    () => post('/rest/v1/rpc/ingest_events', narrativeBatchWith('S: pain \\u0000 O: stable')),
  ],
  [
    'a raw NUL byte in a narrative sent to ingest_events',
    () => post('/rest/v1/rpc/ingest_events', narrativeBatchWith('S: pain \u0000 O: stable')),
  ],
  [
    'a lone surrogate (\\ud800) in a narrative sent to ingest_events',
    () => post('/rest/v1/rpc/ingest_events', narrativeBatchWith('S: pain \\ud800 O: stable')),
  ],
  [
    'a lone low surrogate (\\udc00) in an event id sent to ingest_events',
    () =>
      post(
        '/rest/v1/rpc/ingest_events',
        JSON.stringify({ events: [protocolUsageEvent()] }).replace(/"id":"/, '"id":"\\udc00'),
      ),
  ],
  [
    'bytes that are not UTF-8 in a narrative sent to ingest_events',
    () =>
      post(
        '/rest/v1/rpc/ingest_events',
        Buffer.concat([
          Buffer.from(narrativeBatchWith('@@').split('@@')[0]!),
          Buffer.from([0xed, 0xa0, 0x80, 0xff]),
          Buffer.from(narrativeBatchWith('@@').split('@@')[1]!),
        ]),
      ),
  ],
  ['JSON nested 5,000 levels deep sent to ingest_events', () => post('/rest/v1/rpc/ingest_events', nested(5_000))],
  ['JSON nested 100,000 levels deep sent to ingest_events', () => post('/rest/v1/rpc/ingest_events', nested(100_000))],
  [
    'a NUL character in the record key sent to create_reference_draft',
    () =>
      post(
        '/rest/v1/rpc/create_reference_draft',
        '{"kind": "protocol", "record_key": "12\\u000013", "content": {}, "change_log": []}',
        directorToken,
      ),
  ],
  [
    'a NUL character in a text argument of a GET call',
    async () => {
      const res = await fetch(`${api.url}/rest/v1/rpc/pull_reference?since_version=%00`, {
        headers: { apikey: api.anonKey, Authorization: `Bearer ${medicToken}` },
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
  ],
];

describe('bad JSON input to an RPC', () => {
  for (const [what, send] of cases) {
    it(`answers ${what} with 400 and a code, not a 5xx`, async () => {
      const { status, body } = await send();
      expect(status, JSON.stringify(body).slice(0, 300)).toBe(400);
      expect(body['code']).toMatch(/^(PGRST102|22P05|22P02|22021|22023)$/);
    });
  }

  it('goes on serving after all of them', async () => {
    const { status, body } = await post(
      '/rest/v1/rpc/ingest_events',
      JSON.stringify({ events: [protocolUsageEvent()] }),
    );
    expect(status).toBe(200);
    expect(body).toEqual([expect.objectContaining({ status: 'accepted' })]);
  });

  it('answers a sign-in whose JSON is nested 100,000 levels deep with 400, as Supabase Auth answers bad JSON', async () => {
    const res = await fetch(`${api.url}/auth/v1/token?grant_type=password`, {
      method: 'POST',
      headers: { apikey: api.anonKey, 'Content-Type': 'application/json', 'X-Supabase-Api-Version': '2024-01-01' },
      body: `{"email": ${'['.repeat(100_000)}${']'.repeat(100_000)}, "password": "x"}`,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'bad_json' });
  });
});
