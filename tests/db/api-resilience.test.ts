// The API stand-in survives its database (issue #12): connections terminated under it fail at
// most the requests they were serving, answered 503 as PostgREST answers a lost database, and
// the next request gets a new connection. A keep-alive connection survives a 413 too.
// Everything runs on 127.0.0.1, bounded in requests and in time.
import { request as httpRequest, Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from '../../supabase/local/api';
import { signJwt } from '../../supabase/local/jwt';
import { createOrganisation, createPerson, protocolUsageEvent, type Organisation, type WireEvent } from './fixtures';
import { callerClaims, createTestDatabase, type TestDatabase } from './helpers';

let db: TestDatabase;
let org: Organisation;
let api: RunningApi;
let token: string;

beforeAll(async () => {
  db = await createTestDatabase();
  org = await createOrganisation(db);
  // A load test, not a rate-limit test: one paramedic sends far more batches than a rig would.
  await db.query("update public.rate_limit_config set max_requests = 1000000 where scope in ('API', 'GLOBAL')");
  api = await startApi({ databaseUrl: db.url });
  token = await signJwt(callerClaims(org.people.paramedicA.caller), api.jwtSecret);
});

afterAll(async () => {
  await api?.stop();
  await db?.close();
});

async function ingest(events: WireEvent[], bearer = token): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${api.url}/rest/v1/rpc/ingest_events`, {
    method: 'POST',
    headers: { apikey: api.anonKey, Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ events }),
  });
  return { status: res.status, body: await res.json() };
}

/** Ends every connection the stand-in holds as `authenticator` (its RPC pool), idle or busy. */
async function terminateApiConnections(): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from (
       select pg_terminate_backend(pid) from pg_stat_activity where usename = 'authenticator' and datname = current_database()) as t`,
  );
  return rows[0]!.n;
}

async function storedEventsOf(userIds: string[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'select count(*)::int as n from public.protocol_usage where user_id = any($1)',
    [userIds],
  );
  return rows[0]!.n;
}

describe('the API stand-in when its database connections die', () => {
  it('keeps serving after its idle pooled connections are terminated', async () => {
    expect((await ingest([protocolUsageEvent()])).status).toBe(200);
    expect(await terminateApiConnections()).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    expect((await ingest([protocolUsageEvent()])).status).toBe(200);
  });

  it('answers every request of a load run while all its connections are terminated again and again: 503 for the failed ones, none dropped, no event lost once they are resent', async () => {
    const WORKERS = 8;
    const BATCHES_PER_WORKER = 30;
    const EVENTS_PER_BATCH = 10;
    const DEADLINE_MS = 60_000;
    // One crew member per client, like rigs syncing at once (one user's batches would queue on
    // that user's rate-limit counter).
    const crews = await Promise.all(
      Array.from({ length: WORKERS }, (_, i) =>
        createPerson(db, {
          label: `loadmedic${i}`,
          role: 'paramedic',
          departmentId: org.departments.A,
          stationId: org.stations.A1,
        }),
      ),
    );
    const tokens = await Promise.all(crews.map((crew) => signJwt(callerClaims(crew.caller), api.jwtSecret)));
    const crewIds = crews.map((crew) => crew.id);
    const started = Date.now();

    const failed: Array<{ batch: WireEvent[]; bearer: string }> = [];
    const failures = new Map<string, number>();
    let requests = 0;
    let dropped = 0;
    let eventsSent = 0;
    let running = true;

    let terminated = 0;
    let killRounds = 0;
    const killer = (async () => {
      while (running && Date.now() - started < DEADLINE_MS) {
        await new Promise((r) => setTimeout(r, 300 + Math.random() * 300));
        terminated += await terminateApiConnections();
        killRounds++;
      }
    })();

    const worker = async (bearer: string) => {
      for (let b = 0; b < BATCHES_PER_WORKER && Date.now() - started < DEADLINE_MS; b++) {
        const batch = Array.from({ length: EVENTS_PER_BATCH }, () => protocolUsageEvent());
        eventsSent += batch.length;
        requests++;
        try {
          const { status, body } = await ingest(batch, bearer);
          if (status !== 200) {
            const key = `${status} ${(body as { code?: string }).code ?? ''}`;
            failures.set(key, (failures.get(key) ?? 0) + 1);
            failed.push({ batch, bearer });
          }
        } catch {
          dropped++;
          failed.push({ batch, bearer });
        }
      }
    };
    await Promise.all(tokens.map(worker));
    running = false;
    await killer;

    // The device's replay: send each failed batch again until the server gives its verdict.
    let resent = 0;
    for (const { batch, bearer } of failed) {
      for (let attempt = 0; attempt < 5; attempt++) {
        resent++;
        const { status, body } = await ingest(batch, bearer);
        if (status === 200) {
          expect(
            (body as Array<{ status: string }>).every((r) => r.status === 'accepted' || r.status === 'duplicate'),
          ).toBe(true);
          break;
        }
      }
    }
    const stored = await storedEventsOf(crewIds);
    const failedCount = [...failures.values()].reduce((a, b) => a + b, 0);
    console.log(
      [
        '',
        `connection-kill load run (${((Date.now() - started) / 1000).toFixed(1)} s, ${WORKERS} concurrent clients, ${EVENTS_PER_BATCH} events per batch):`,
        `  requests ${requests}, answered 200: ${requests - failedCount - dropped}, failed with an answer: ${failedCount} (${[...failures].map(([k, n]) => `${k} x${n}`).join(', ') || 'none'}), dropped without an answer: ${dropped}`,
        `  connections terminated: ${terminated} in ${killRounds} rounds; failed batches resent: ${failed.length} (${resent} requests)`,
        `  events sent ${eventsSent}, stored ${stored}, lost ${eventsSent - stored}`,
        '',
      ].join('\n'),
    );

    expect(terminated).toBeGreaterThan(0);
    expect(failedCount).toBeGreaterThan(0);
    expect(requests - failedCount - dropped).toBeGreaterThan(0);
    expect(dropped).toBe(0);
    expect([...failures.keys()].filter((k) => !/^503 PGRST00[01]$/.test(k))).toEqual([]);
    expect(stored).toBe(eventsSent);
    expect((await ingest([protocolUsageEvent()])).status).toBe(200);
  }, 120_000);
});

interface RawAnswer {
  status: number;
  body: string;
  reusedSocket: boolean;
  connection: string | undefined;
}

/** One request through node:http, so that a keep-alive agent decides which socket it goes on. */
function rawRequest(agent: Agent, path: string, body: Buffer, { chunked = false } = {}): Promise<RawAnswer> {
  return new Promise((done, fail) => {
    const req = httpRequest(
      `${api.url}${path}`,
      {
        method: 'POST',
        agent,
        headers: {
          apikey: api.anonKey,
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          ...(chunked ? {} : { 'Content-Length': String(body.length) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          done({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            reusedSocket: req.reusedSocket,
            connection: res.headers.connection,
          }),
        );
      },
    );
    req.on('error', fail);
    if (chunked) {
      const piece = 256 * 1024;
      for (let at = 0; at < body.length; at += piece) req.write(body.subarray(at, at + piece));
      req.end();
    } else {
      req.end(body);
    }
  });
}

describe('a keep-alive connection and a body over 8 MB', () => {
  const oversized = Buffer.from(JSON.stringify({ events: [{ padding: 'x'.repeat(9 * 1024 * 1024) }] }));
  const small = () => Buffer.from(JSON.stringify({ events: [protocolUsageEvent()] }));

  for (const chunked of [false, true]) {
    it(`refuses a ${chunked ? 'chunked' : 'declared'} body over 8 MB with 413 PGRST413, and the next request on the same connection succeeds`, async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const refused = await rawRequest(agent, '/rest/v1/rpc/ingest_events', oversized, { chunked });
        expect(refused.status).toBe(413);
        expect(JSON.parse(refused.body)).toMatchObject({ code: 'PGRST413' });
        const next = await rawRequest(agent, '/rest/v1/rpc/ingest_events', small());
        expect(next.status).toBe(200);
        expect(next.reusedSocket).toBe(true);
      } finally {
        agent.destroy();
      }
    });
  }

  it('refuses a body declared over 64 MB at once, with 413 and Connection: close, and the next request succeeds on a new connection', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await new Promise<{ status: number; connection: string | undefined; body: string }>(
        (done, fail) => {
          const req = httpRequest(
            `${api.url}/rest/v1/rpc/ingest_events`,
            {
              method: 'POST',
              agent,
              headers: {
                apikey: api.anonKey,
                Authorization: `Bearer ${token}`,
                'Content-Type': 'application/json',
                'Content-Length': String(100 * 1024 * 1024),
              },
            },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () => {
                done({
                  status: res.statusCode ?? 0,
                  connection: res.headers.connection,
                  body: Buffer.concat(chunks).toString('utf8'),
                });
                req.destroy();
              });
            },
          );
          req.on('error', (error) => {
            if (!req.destroyed) fail(error);
          });
          req.write(Buffer.alloc(64 * 1024, 0x20));
        },
      );
      expect(refused).toMatchObject({ status: 413, connection: 'close' });
      expect(JSON.parse(refused.body)).toMatchObject({ code: 'PGRST413' });
      const next = await rawRequest(agent, '/rest/v1/rpc/ingest_events', small());
      expect(next.status).toBe(200);
      expect(next.reusedSocket).toBe(false);
    } finally {
      agent.destroy();
    }
  });
});
