import { afterEach, describe, expect, it } from 'vitest';
import { RigsideDb } from '../data/db';
import { commitAct } from '../data/outbox-writer';
import { newRecordId } from '../data/record-id';
import { deadLetters, pendingEvents } from '../data/outbox-store';
import type { WireEvent } from '../domain/outbox/event';
import type { TransportResult } from '../domain/sync/classify';
import { BUSY, type LockRunner } from './locks';
import { createReplayer, PAUSE_MS, type RefreshOutcome } from './replayer';
import { readSyncState } from './sync-state';

const AUTHOR = '0b7a2f9e-1c44-4d5e-9a61-2f3b4c5d6e7f';
const DEVICE = '5f0c2b7e-8a9d-4e1f-b2c3-d4e5f6a7b8c9';
const T0 = Date.parse('2026-12-01T08:00:00Z');

const open: RigsideDb[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});

/** A fake server: answers each call with the next scripted reply (default: accept everything). */
function harness(
  script: Array<(batch: WireEvent[]) => TransportResult> = [],
  options: { refresh?: RefreshOutcome; sender?: string | null } = {},
) {
  const db = new RigsideDb(`replayer-${crypto.randomUUID()}`);
  open.push(db);
  const clock = { now: T0 };
  const calls: WireEvent[][] = [];
  const refreshes: number[] = [];
  const sharedLock = new Set<string>();
  const lock: LockRunner = async (name, fn) => {
    if (sharedLock.has(name)) return BUSY;
    sharedLock.add(name);
    try {
      return await fn();
    } finally {
      sharedLock.delete(name);
    }
  };
  const make = () =>
    createReplayer({
      db,
      deviceId: DEVICE,
      lock,
      now: () => clock.now,
      random: () => 0.5,
      sender: async () => (options.sender === undefined ? AUTHOR : options.sender),
      refreshSession: async () => {
        refreshes.push(clock.now);
        return options.refresh ?? 'refreshed';
      },
      send: async (batch) => {
        calls.push(batch);
        const reply = script.shift();
        return reply ? reply(batch) : accept(batch);
      },
    });
  return { db, clock, calls, refreshes, replayer: make(), make };
}

const accept = (batch: WireEvent[]): TransportResult => ({
  kind: 'response',
  status: 200,
  body: batch.map((e) => ({ id: e.id, status: 'accepted', code: null, reason: null })),
});
const status =
  (code: number, body: unknown = { code: 'X', message: `HTTP ${code}` }) =>
  (): TransportResult => ({ kind: 'response', status: code, body });

async function queue(db: RigsideDb, n: number, author: string | null = AUTHOR): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const now = new Date(T0 - 60_000 + i);
    const id = newRecordId(now);
    ids.push(id);
    await commitAct(
      db,
      { now, authorId: author },
      {
        records: [
          {
            table: 'protocolUsage',
            row: { id, createdAt: now.toISOString(), tpCode: '1211' },
            kind: 'protocol_usage',
            payload: { tp_code: '1211', n: i },
          },
        ],
      },
    );
  }
  return ids;
}

describe('the replayer sends and removes only on a verdict', () => {
  it('sends in the device’s order, in batches of at most 50, with device id and sequence', async () => {
    const h = harness();
    await queue(h.db, 120);
    const report = await h.replayer.drain();
    expect(report).toMatchObject({ status: 'drained', requests: 3, accepted: 120 });
    expect(h.calls.map((b) => b.length)).toEqual([50, 50, 20]);
    const seqs = h.calls.flat().map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(h.calls[0]?.[0]).toMatchObject({ device_id: DEVICE, kind: 'protocol_usage' });
    expect(await pendingEvents(h.db)).toEqual([]);
    expect((await readSyncState(h.db)).lastSuccessAt).toBe(new Date(T0).toISOString());
  });

  it('removes accepted and duplicate events, parks rejected ones with the server’s code, and keeps rate-limited ones for later', async () => {
    const h = harness([
      (batch) => ({
        kind: 'response',
        status: 200,
        body: batch.map((e, i) => ({
          id: e.id,
          status: i === 0 ? 'accepted' : i === 1 ? 'duplicate' : 'rejected',
          code: i === 2 ? 'PAYLOAD_INVALID' : i === 3 ? 'RATE_LIMITED' : null,
          reason: i === 2 ? 'payload.tp_code must be a protocol code' : i === 3 ? 'over the DOSING limit' : null,
          retry_after_seconds: i === 3 ? 42 : null,
        })),
      }),
    ]);
    const ids = await queue(h.db, 4);
    const report = await h.replayer.drain();
    expect(report).toMatchObject({ accepted: 1, duplicates: 1, parked: 1 });
    const left = await pendingEvents(h.db);
    expect(left.map((e) => e.id)).toEqual([ids[3]]);
    expect(left[0]?.nextAttemptAt).toBe(T0 + 42_000);
    expect((await deadLetters(h.db)).map((d) => [d.id, d.code, d.reason])).toEqual([
      [ids[2], 'PAYLOAD_INVALID', 'payload.tp_code must be a protocol code'],
    ]);
    expect(await readSyncState(h.db)).toMatchObject({ waitingFor: 'server', failures: 0 });
  });

  it('sends nothing of a crew member who is not signed in, and nothing made while nobody was', async () => {
    const h = harness([], { sender: AUTHOR });
    await queue(h.db, 2, null);
    await queue(h.db, 2, '9a9a9a9a-1c44-4d5e-9a61-2f3b4c5d6e7f');
    expect(await h.replayer.drain()).toMatchObject({ status: 'drained', requests: 0 });
    expect(await pendingEvents(h.db)).toHaveLength(4);
    const nobody = harness([], { sender: null });
    await queue(nobody.db, 1);
    expect(await nobody.replayer.drain()).toMatchObject({ status: 'signed_out', requests: 0 });
  });
});

describe('classification of failures', () => {
  it.each([
    ['a dropped connection', (): TransportResult => ({ kind: 'network_error', message: 'Failed to fetch' })],
    ['a timeout', (): TransportResult => ({ kind: 'timeout' })],
    ['a 500', status(500)],
    ['a 502 from a gateway', status(502, 'Bad Gateway')],
    [
      'a 200 that is not a list of verdicts',
      (): TransportResult => ({ kind: 'response', status: 200, body: { ok: true } }),
    ],
    ['a 200 that leaves an event out', (b: WireEvent[]) => accept(b.slice(1))],
  ])('backs off with full jitter after %s, keeps every event, and resets on success', async (_name, reply) => {
    const h = harness([reply, reply]);
    await queue(h.db, 3);
    expect(await h.replayer.drain()).toMatchObject({ status: 'stopped', requests: 1 });
    // n = 0: random(0, 2 s) with random() = 0.5.
    expect(await readSyncState(h.db)).toMatchObject({ failures: 1, nextAttemptAt: T0 + 1_000, waitingFor: 'backoff' });
    expect(await h.replayer.drain()).toMatchObject({ status: 'waiting', requests: 0 });
    h.clock.now += 1_000;
    await h.replayer.drain();
    // n = 1: random(0, 4 s).
    expect(await readSyncState(h.db)).toMatchObject({ failures: 2, nextAttemptAt: h.clock.now + 2_000 });
    expect(await pendingEvents(h.db)).toHaveLength(3);
    h.clock.now += 2_000;
    expect(await h.replayer.drain()).toMatchObject({ status: 'drained', accepted: 3 });
    expect(await readSyncState(h.db)).toMatchObject({ failures: 0, waitingFor: 'nothing' });
  });

  it('waits the retry time a 429 gives in its body when it is longer than the backoff', async () => {
    const h = harness([status(429, { code: 'RATE_LIMITED', message: 'over the API limit', retry_after_seconds: 30 })]);
    await queue(h.db, 2);
    await h.replayer.drain();
    expect(await readSyncState(h.db)).toMatchObject({ waitingFor: 'server', nextAttemptAt: T0 + 30_000, failures: 1 });
    expect(await pendingEvents(h.db)).toHaveLength(2);
  });

  it('treats a 503 without a retry time like a failure with backoff, and caps a server’s wait at 15 minutes', async () => {
    const h = harness([
      status(503),
      status(429, { code: 'BANNED', message: 'suspended', retry_after_seconds: 86_400 }),
    ]);
    await queue(h.db, 1);
    await h.replayer.drain();
    expect(await readSyncState(h.db)).toMatchObject({ waitingFor: 'server', nextAttemptAt: T0 + 1_000 });
    h.clock.now += 1_000;
    await h.replayer.drain();
    expect((await readSyncState(h.db)).nextAttemptAt).toBe(h.clock.now + 15 * 60_000);
  });

  it('refreshes the token once on a 401, not counted as an attempt, then resends the batch', async () => {
    const h = harness([status(401, { code: 'PGRST303', message: 'JWT expired' })]);
    await queue(h.db, 2);
    expect(await h.replayer.drain()).toMatchObject({ status: 'drained', accepted: 2, requests: 1 });
    expect(h.refreshes).toHaveLength(1);
    expect(h.calls).toHaveLength(2);
    expect((await readSyncState(h.db)).failures).toBe(0);
  });

  it('asks for a new sign-in when the refresh is refused, and deletes nothing', async () => {
    const h = harness([status(401), status(401)], { refresh: 'rejected' });
    await queue(h.db, 2);
    expect(await h.replayer.drain()).toMatchObject({ status: 'stopped' });
    expect(await readSyncState(h.db)).toMatchObject({ waitingFor: 'sign_in' });
    expect(await pendingEvents(h.db)).toHaveLength(2);
  });

  it('backs off (not "sign in again") when the refresh fails for want of a connection', async () => {
    const h = harness([status(401)], { refresh: 'offline' });
    await queue(h.db, 1);
    await h.replayer.drain();
    expect(await readSyncState(h.db)).toMatchObject({ waitingFor: 'backoff', failures: 1 });
  });

  it('pauses when the function is missing (404) or the account may not sync (403)', async () => {
    for (const [code, waitingFor] of [
      [404, 'server_not_ready'],
      [403, 'forbidden'],
    ] as const) {
      const h = harness([status(code)]);
      await queue(h.db, 3);
      await h.replayer.drain();
      expect(await readSyncState(h.db)).toMatchObject({ waitingFor, nextAttemptAt: T0 + PAUSE_MS });
      expect(await pendingEvents(h.db)).toHaveLength(3);
      expect(await deadLetters(h.db)).toEqual([]);
    }
  });
});

describe('a poison event', () => {
  it('is isolated by halving a refused batch, parked with the server’s reason, and the rest go through in order', async () => {
    const h = harness();
    const ids = await queue(h.db, 10);
    const poison = ids[6] as string;
    const server = (batch: WireEvent[]): TransportResult =>
      batch.some((e) => e.id === poison)
        ? { kind: 'response', status: 400, body: { code: '22P05', message: 'unsupported Unicode escape sequence' } }
        : accept(batch);
    const script: Array<(b: WireEvent[]) => TransportResult> = Array.from({ length: 20 }, () => server);
    const bisecting = harness(script);
    await queue(bisecting.db, 0);
    // Same events in the bisecting harness's database.
    for (const e of await pendingEvents(h.db)) await bisecting.db.outboxEvents.add(e);
    const report = await bisecting.replayer.drain();
    expect(report).toMatchObject({ status: 'drained', accepted: 9, parked: 1 });
    expect((await deadLetters(bisecting.db)).map((d) => [d.id, d.code])).toEqual([[poison, '22P05']]);
    // 10 -> 5 ok + 5 -> 3 + 2 ok -> 2 + 1 ok -> 1 ok + 1 parked: about 2 log2(n) requests, not one per event.
    expect(bisecting.calls.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(10)) + 2);
    const acceptedOrder = bisecting.calls
      .filter((b) => !b.some((e) => e.id === poison))
      .flat()
      .map((e) => e.seq);
    expect(acceptedOrder).toEqual([...acceptedOrder].sort((a, b) => a - b));
  });
});

describe('shared state and the lock', () => {
  it('shares the backoff through IndexedDB: a second replayer (another tab or the worker) honours the wait', async () => {
    const h = harness([status(500)]);
    await queue(h.db, 1);
    await h.replayer.drain();
    const other = h.make();
    expect(await other.drain()).toMatchObject({ status: 'waiting', until: T0 + 1_000, requests: 0 });
  });

  it('lets one replayer at a time run: the second returns busy and sends nothing', async () => {
    const h = harness([(batch) => accept(batch)]);
    await queue(h.db, 2);
    const first = h.replayer.drain();
    const second = await h.make().drain();
    expect(second).toMatchObject({ status: 'busy', requests: 0 });
    expect(await first).toMatchObject({ status: 'drained', accepted: 2 });
  });

  it('cuts a backoff short to a random 0 to 2 s when the connection comes back, but not a server’s wait', async () => {
    const h = harness([status(500), status(500), status(500), status(500)]);
    await queue(h.db, 1);
    for (let i = 0; i < 4; i++) {
      h.clock.now = Math.max(h.clock.now, (await readSyncState(h.db)).nextAttemptAt);
      await h.replayer.drain();
    }
    // n = 3: random(0, 16 s) with random() = 0.5.
    expect((await readSyncState(h.db)).nextAttemptAt - h.clock.now).toBe(8_000);
    await h.replayer.connectionBack();
    expect((await readSyncState(h.db)).nextAttemptAt).toBe(h.clock.now + 1_000);
  });

  it('starts no batch that could not finish before a sync event’s deadline', async () => {
    const h = harness();
    await queue(h.db, 3);
    expect(await h.replayer.drain({ deadline: T0 + 10_000, requestTimeoutMs: 15_000 })).toMatchObject({
      status: 'deadline',
      requests: 0,
    });
    expect(await h.replayer.drain({ deadline: T0 + 60_000, requestTimeoutMs: 15_000 })).toMatchObject({
      status: 'drained',
      accepted: 3,
    });
  });
});
