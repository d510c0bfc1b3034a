// Server ingest throughput: events per second that ingest_events accepts from one paramedic in
// batches of 100 and 500, on a throwaway embedded Postgres with the real migrations, beside the
// function as it first landed (savepoint and writer call per event), recreated from its migration
// as public.ingest_events_v1 in the bench database only (tests/db/original-ingest.ts). Measured
// two ways: straight through the request context (what PostgREST adds: role + claims, one
// transaction) and over HTTP through the API stand-in (JSON in and out, as the app sends it);
// plus a replay of a batch already sent (every event a duplicate).
// Rate limits are lifted for the run: they would turn most batches away after the first minute.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { startApi } from '../../supabase/local/api';
import { userClaims, type Claims } from '../../supabase/local/claims';
import { signJwt } from '../../supabase/local/jwt';
import { migrate, REPO_ROOT } from '../../supabase/local/migrate';
import { startPostgres } from '../../supabase/local/postgres';
import { withRequestContext } from '../../supabase/local/request-context';
import { createOriginalIngestEvents, ORIGINAL_INGEST_FUNCTION } from '../db/original-ingest';

export interface IngestBenchOptions {
  batchSizes?: number[];
  /** Each measurement stops at whichever bound comes first. */
  maxEventsPerRun?: number;
  maxSecondsPerRun?: number;
}

type Row = Record<string, string | number>;
type WireEvent = {
  id: string;
  kind: string;
  occurred_at: string;
  device_id: string;
  seq: number;
  payload: Record<string, unknown>;
};
type IngestResult = Array<{ id: string; status: string }>;
type Send = (batch: WireEvent[]) => Promise<IngestResult>;

/** The two implementations, by the name each has in the bench database. */
const FUNCTIONS = [
  { name: ORIGINAL_INGEST_FUNCTION, label: 'v1: savepoint per event (as landed)' },
  { name: 'ingest_events', label: 'v2: set-based (current)' },
] as const;

export async function benchIngest(options: IngestBenchOptions = {}): Promise<Row[]> {
  const batchSizes = options.batchSizes ?? [100, 500];
  const bounds = { events: options.maxEventsPerRun ?? 20_000, seconds: options.maxSecondsPerRun ?? 8 };
  const dataDir = resolve(REPO_ROOT, `.tmp/postgres/bench-${process.pid}`);
  const postgres = await startPostgres({ dataDir, port: 0 });
  try {
    const setup = new pg.Client({ connectionString: postgres.urlFor('postgres') });
    await setup.connect();
    await setup.query('create database bench');
    await setup.end();
    const url = postgres.urlFor('bench');
    await migrate(url);
    await withClient(url, createOriginalIngestEvents);
    const claims = await createParamedic(url);
    const device = new Device();

    const rows: Row[] = [];
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const viaSql =
        (fn: string): Send =>
        async (batch) =>
          withRequestContext(
            client,
            claims,
            async (c) =>
              (await c.query<{ r: IngestResult }>(`select public.${fn}($1::jsonb) as r`, [JSON.stringify(batch)]))
                .rows[0]?.r ?? [],
          );
      for (const fn of FUNCTIONS) await measure(viaSql(fn.name), device, 100, { events: 1000, seconds: 5 }); // warm the caches and plans
      for (const size of batchSizes) {
        for (const fn of FUNCTIONS)
          rows.push({
            function: fn.label,
            path: 'SQL (request context)',
            ...(await measure(viaSql(fn.name), device, size, bounds)),
          });
      }
      const replaySize = batchSizes.at(-1) ?? 500;
      for (const fn of FUNCTIONS)
        rows.push({
          function: fn.label,
          path: 'SQL replay (all duplicate)',
          ...(await measureReplay(viaSql(fn.name), device, replaySize)),
        });
    } finally {
      await client.end();
    }

    const api = await startApi({ databaseUrl: url });
    try {
      const token = await signJwt(claims, api.jwtSecret);
      const viaHttp =
        (fn: string): Send =>
        async (batch) => {
          const res = await fetch(`${api.url}/rest/v1/rpc/${fn}`, {
            method: 'POST',
            headers: { apikey: api.anonKey, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ events: batch }),
          });
          if (!res.ok) throw new Error(`${fn} answered ${res.status}: ${await res.text()}`);
          return (await res.json()) as IngestResult;
        };
      for (const size of batchSizes) {
        for (const fn of FUNCTIONS)
          rows.push({
            function: fn.label,
            path: 'HTTP (API stand-in)',
            ...(await measure(viaHttp(fn.name), device, size, bounds)),
          });
      }
    } finally {
      await api.stop();
    }
    return rows;
  } finally {
    await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function measure(
  send: Send,
  device: Device,
  size: number,
  bounds: { events: number; seconds: number },
): Promise<Row> {
  const times: number[] = [];
  let events = 0;
  let accepted = 0;
  const started = performance.now();
  while (events < bounds.events && performance.now() - started < bounds.seconds * 1000) {
    const batch = device.batch(size);
    const t0 = performance.now();
    const results = await send(batch);
    times.push(performance.now() - t0);
    events += batch.length;
    accepted += results.filter((r) => r.status === 'accepted').length;
  }
  return summary(size, times, events, accepted);
}

async function measureReplay(send: Send, device: Device, size: number): Promise<Row> {
  const batch = device.batch(size);
  await send(batch);
  const times: number[] = [];
  let duplicates = 0;
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    const results = await send(batch);
    times.push(performance.now() - t0);
    duplicates += results.filter((r) => r.status === 'duplicate').length;
  }
  return { ...summary(size, times, size * 10, 0), accepted: `0 (${duplicates} duplicate)` };
}

function summary(size: number, times: number[], events: number, accepted: number): Row {
  const total = times.reduce((a, b) => a + b, 0);
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) =>
    Number((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN).toFixed(1));
  return {
    'batch size': size,
    batches: times.length,
    events,
    accepted,
    'events/s': Math.round(events / (total / 1000)),
    'p50 ms/batch': at(0.5),
    'p95 ms/batch': at(0.95),
  };
}

/** One device's outbox: its id, and a sequence that goes up with every event it makes. */
class Device {
  readonly id = randomUUID();
  private seq = 0;

  // Half protocol usage, half audit events: the two kinds a shift produces most of.
  batch(size: number): WireEvent[] {
    const now = new Date().toISOString();
    return Array.from({ length: size }, (_, i) => {
      const envelope = { id: uuidv7(), occurred_at: now, device_id: this.id, seq: ++this.seq };
      return i % 2 === 0
        ? {
            ...envelope,
            kind: 'protocol_usage',
            payload: {
              tp_code: i % 4 === 0 ? '1211' : '1210-P',
              action: 'viewed',
              query: 'chest pain',
              context_id: null,
              dataset_version: 'bench',
            },
          }
        : { ...envelope, kind: 'audit', payload: { action: 'protocol_viewed', details: { tp_code: '1211' } } };
    });
  }
}

async function createParamedic(url: string): Promise<Claims> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const userId = randomUUID();
    const email = 'bench-medic@example.test';
    await db.query('update public.rate_limit_config set max_requests = 1000000000');
    const dept = await db.query<{ id: string }>(
      "insert into public.departments (code, name) values ('BENCH', 'Bench department') returning id",
    );
    const deptId = dept.rows[0]?.id;
    const station = await db.query<{ id: string }>(
      "insert into public.stations (department_id, code, name) values ($1, 'S1', 'Station 1') returning id",
      [deptId],
    );
    await db.query(
      `insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
       values ($1, 'authenticated', 'authenticated', $2, '', now(), '{"provider":"email","providers":["email"],"role":"paramedic"}', '{}')`,
      [userId, email],
    );
    await db.query(
      `insert into public.users (id, email, full_name, role, badge_number, department_id, station_id)
       values ($1, $2, 'Bench Medic', 'paramedic', 'B-1', $3, $4)`,
      [userId, email, deptId, station.rows[0]?.id],
    );
    return userClaims({ id: userId, email, appMetadata: { role: 'paramedic' } }, { expiresInSeconds: 24 * 3600 });
  } finally {
    await db.end();
  }
}
