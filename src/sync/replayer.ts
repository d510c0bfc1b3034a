import type { RigsideDb } from '../data/db';
import { retryDelayMs, DEFAULT_BACKOFF } from '../domain/outbox/backoff';
import {
  outboxEventSchema,
  payloadProblem,
  toWireEvent,
  type OutboxEvent,
  type WireEvent,
} from '../domain/outbox/event';
import {
  batchLength,
  classifyIngestResult,
  WAIT_CODES,
  type TransportResult,
  type Verdict,
} from '../domain/sync/classify';
import { BUSY, REPLAY_LOCK, type LockRunner } from './locks';
import { readSyncState, updateSyncState, type SyncState } from './sync-state';

/**
 * The outbox replayer, one module for the page and the service worker (DESIGN.md, Sync).
 * An event leaves the outbox only after the server's verdict on it; nothing here holds an
 * IndexedDB transaction across a request.
 */

/** How long a replayer pauses when the server says the function is missing or the account may not sync. */
export const PAUSE_MS = 5 * 60_000;

export type RefreshOutcome = 'refreshed' | 'offline' | 'rejected';

export interface ReplayerDeps {
  db: RigsideDb;
  deviceId: string;
  /** One ingest_events call (ServerClient.sendEvents in src/sync/client.ts). */
  send(batch: WireEvent[]): Promise<TransportResult>;
  /** The crew member whose events may go now: signed in on this device with a session. */
  sender(): Promise<string | null>;
  /** One token refresh shared by every caller (src/sync/client.ts). */
  refreshSession(): Promise<RefreshOutcome>;
  lock: LockRunner;
  now?: () => number;
  random?: () => number;
}

export interface DrainReport {
  status: 'drained' | 'waiting' | 'busy' | 'signed_out' | 'deadline' | 'stopped';
  requests: number;
  accepted: number;
  duplicates: number;
  parked: number;
  /** Set when status is 'waiting' or 'stopped': epoch ms of the next try. */
  until?: number;
}

export interface DrainOptions {
  /** Epoch ms after which no new batch starts (a Background Sync event's lifetime). */
  deadline?: number;
  /** How long one request may take; a batch is not started closer than this to the deadline. */
  requestTimeoutMs?: number;
}

export function createReplayer(deps: ReplayerDeps) {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const { db } = deps;

  async function drain(options: DrainOptions = {}): Promise<DrainReport> {
    const outcome = await deps.lock(REPLAY_LOCK, () => drainLocked(options));
    return outcome === BUSY ? { ...emptyReport(), status: 'busy' } : outcome;
  }

  async function drainLocked(options: DrainOptions): Promise<DrainReport> {
    const report = emptyReport();
    const requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    // Who may send is settled once: a sign-out waits for this lock, so it cannot change mid-drain.
    const author = await deps.sender();
    for (;;) {
      const state = await readSyncState(db);
      if (state.nextAttemptAt > now()) return { ...report, status: 'waiting', until: state.nextAttemptAt };
      if (!author) return { ...report, status: 'signed_out' };
      const batch = await nextBatch(author);
      if (batch.length === 0) {
        const later = await firstDueLater(author);
        if (later !== null) return { ...report, status: 'waiting', until: later };
        if (state.waitingFor !== 'nothing')
          await updateSyncState(db, (s) => ({ ...s, waitingFor: 'nothing', detail: null }));
        return { ...report, status: 'drained' };
      }
      if (options.deadline !== undefined && now() + requestTimeoutMs > options.deadline)
        return { ...report, status: 'deadline' };
      const refreshed = { done: false };
      if ((await sendBatch(batch, report, refreshed)) === 'stop') {
        return { ...report, status: 'stopped', until: (await readSyncState(db)).nextAttemptAt };
      }
    }
  }

  /**
   * The author's oldest events that are due, at most 50 or 256 KB. A stored event that could
   * never be sent (damaged, or written under older rules) is parked here, with the reason,
   * instead of failing every replay after it.
   */
  async function nextBatch(author: string): Promise<OutboxEvent[]> {
    const due = now();
    const rows = await db.outboxEvents
      .where('authorId')
      .equals(author)
      .filter((e) => e.nextAttemptAt <= due)
      .limit(50)
      .toArray();
    const events: OutboxEvent[] = [];
    for (const row of rows) {
      const parsed = outboxEventSchema.safeParse(row);
      const problem = parsed.success
        ? payloadProblem(parsed.data.payload)
        : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      if (parsed.success && !problem) events.push(parsed.data);
      else await park(row, 'UNSENDABLE', `this record cannot be sent as stored (${problem})`);
    }
    events.sort((a, b) => a.seq - b.seq);
    const sizes = events.map((e) => new TextEncoder().encode(JSON.stringify(toWireEvent(e, deps.deviceId))).length);
    return events.slice(0, batchLength(sizes));
  }

  /** When the author's earliest held-back event (over a per-event rate limit) is due, or null when none waits. */
  async function firstDueLater(author: string): Promise<number | null> {
    let first: number | null = null;
    await db.outboxEvents
      .where('authorId')
      .equals(author)
      .each((e) => {
        if (e.nextAttemptAt > now() && (first === null || e.nextAttemptAt < first)) first = e.nextAttemptAt;
      });
    return first;
  }

  async function sendBatch(
    batch: OutboxEvent[],
    report: DrainReport,
    refreshed: { done: boolean },
  ): Promise<'ok' | 'stop'> {
    const ids = batch.map((e) => e.id);
    report.requests++;
    const attemptedAt = new Date(now()).toISOString();
    const outcome = classifyIngestResult(await deps.send(batch.map((e) => toWireEvent(e, deps.deviceId))), ids);
    switch (outcome.kind) {
      case 'verdicts':
        await applyVerdicts(batch, outcome.verdicts, report, attemptedAt);
        return 'ok';
      case 'unauthorized': {
        // A refresh is not an attempt: it happens once per batch, then the batch goes again.
        if (!refreshed.done) {
          refreshed.done = true;
          const refresh = await deps.refreshSession();
          if (refresh === 'refreshed') {
            report.requests--;
            return sendBatch(batch, report, refreshed);
          }
          if (refresh === 'offline') return fail(attemptedAt, 'could not renew the sign-in: no connection');
        }
        await wait('sign_in', 0, 'Sign in again: the server no longer accepts this sign-in');
        return 'stop';
      }
      case 'batch_refused': {
        if (batch.length === 1) {
          await park(batch[0] as OutboxEvent, outcome.code, outcome.reason);
          report.parked++;
          return 'ok';
        }
        // One poison event fails the whole request: halve until it stands alone, in order.
        const middle = Math.ceil(batch.length / 2);
        if ((await sendBatch(batch.slice(0, middle), report, refreshed)) === 'stop') return 'stop';
        return sendBatch(batch.slice(middle), report, refreshed);
      }
      case 'transient':
        return fail(attemptedAt, outcome.reason);
      case 'server_busy':
        return fail(attemptedAt, outcome.reason, outcome.retryAfterMs ?? 0, 'server');
      case 'not_ready':
        await wait('server_not_ready', PAUSE_MS, `The server is not ready for Rigside yet (${outcome.reason})`);
        return 'stop';
      case 'forbidden':
        await wait('forbidden', PAUSE_MS, `This account may not send records: ${outcome.reason}`);
        return 'stop';
    }
  }

  async function fail(
    attemptedAt: string,
    reason: string,
    retryAfterMs?: number,
    waitingFor: 'backoff' | 'server' = 'backoff',
  ): Promise<'stop'> {
    await updateSyncState(db, (s) => {
      const delay = retryDelayMs(s.failures, DEFAULT_BACKOFF, random, retryAfterMs);
      return {
        ...s,
        failures: s.failures + 1,
        nextAttemptAt: now() + delay,
        waitingFor,
        detail: reason,
        lastAttemptAt: attemptedAt,
      };
    });
    return 'stop';
  }

  async function wait(waitingFor: SyncState['waitingFor'], forMs: number, detail: string): Promise<void> {
    await updateSyncState(db, (s) => ({ ...s, nextAttemptAt: now() + forMs, waitingFor, detail }));
  }

  async function applyVerdicts(
    batch: OutboxEvent[],
    verdicts: Verdict[],
    report: DrainReport,
    attemptedAt: string,
  ): Promise<void> {
    const at = now();
    let serverWaitMs = 0;
    await db.transaction('rw', db.outboxEvents, db.deadLetters, db.settings, async () => {
      // Events purged (24 h PHI) or discarded while the request was out are left as they are.
      const present = await db.outboxEvents.bulkGet(batch.map((e) => e.seq));
      const done: number[] = [];
      const parked: Array<OutboxEvent & { rejectedAt: string; code: string; reason: string }> = [];
      for (const [i, verdict] of verdicts.entries()) {
        const event = batch[i] as OutboxEvent;
        if (!present[i]) continue;
        if (verdict.status !== 'rejected') {
          done.push(event.seq);
          if (verdict.status === 'accepted') report.accepted++;
          else report.duplicates++;
        } else if (verdict.code && WAIT_CODES.has(verdict.code)) {
          const waitMs = Math.max(1, verdict.retry_after_seconds ?? 60) * 1000;
          serverWaitMs = Math.max(serverWaitMs, waitMs);
          await db.outboxEvents.update(event.seq, {
            attempts: event.attempts + 1,
            nextAttemptAt: at + waitMs,
            lastError: verdict.reason ?? verdict.code,
          });
        } else {
          done.push(event.seq);
          parked.push({
            ...event,
            rejectedAt: new Date(at).toISOString(),
            code: verdict.code ?? 'REJECTED',
            reason: verdict.reason ?? 'the server refused this record',
          });
          report.parked++;
        }
      }
      await db.outboxEvents.bulkDelete(done);
      if (parked.length > 0) await db.deadLetters.bulkPut(parked);
      await updateSyncState(db, (s) => ({
        ...s,
        failures: 0,
        lastAttemptAt: attemptedAt,
        lastSuccessAt: new Date(at).toISOString(),
        nextAttemptAt: s.waitingFor === 'server' || s.waitingFor === 'backoff' ? 0 : s.nextAttemptAt,
        waitingFor: serverWaitMs > 0 ? 'server' : 'nothing',
        detail: serverWaitMs > 0 ? 'some records are over the server’s rate limit and wait their turn' : null,
      }));
    });
  }

  async function park(event: OutboxEvent, code: string, reason: string): Promise<void> {
    await db.transaction('rw', db.outboxEvents, db.deadLetters, async () => {
      if (!(await db.outboxEvents.get(event.seq))) return;
      await db.outboxEvents.delete(event.seq);
      await db.deadLetters.put({ ...event, rejectedAt: new Date(now()).toISOString(), code, reason });
    });
  }

  /** `online` fired: a backoff wait is cut to a random 0 to 2 s; a server's requested wait stands. */
  async function connectionBack(): Promise<void> {
    await updateSyncState(db, (s) =>
      s.waitingFor === 'backoff' && s.nextAttemptAt > now() + 2_000
        ? { ...s, nextAttemptAt: now() + Math.round(random() * 2_000) }
        : s,
    );
  }

  return { drain, connectionBack };
}

export type Replayer = ReturnType<typeof createReplayer>;

function emptyReport(): DrainReport {
  return { status: 'drained', requests: 0, accepted: 0, duplicates: 0, parked: 0 };
}
