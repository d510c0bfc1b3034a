import type { RigsideDb } from '../../data/db';
import { currentStamp, readCrew } from '../../data/crew';
import { commitAct } from '../../data/outbox-writer';
import { deadLetterSchema, outboxEventSchema } from '../../domain/outbox/event';
import type { Clock } from './clinical-acts';

/** A refused event goes back to the outbox, at its old place in the order, for one more try. */
export async function retryDeadLetter(db: RigsideDb, id: string, clock: Clock = () => new Date()): Promise<void> {
  const stamp = await currentStamp(db, clock());
  await db.transaction('rw', db.deadLetters, db.outboxEvents, db.auditEvents, async () => {
    const letter = deadLetterSchema.parse(await db.deadLetters.get(id));
    const { rejectedAt: _r, code: _c, reason: _why, ...event } = letter;
    await db.deadLetters.delete(id);
    await db.outboxEvents.put(
      outboxEventSchema.parse({ ...event, nextAttemptAt: 0, lastError: `refused before: ${letter.code}` }),
    );
    await commitAct(db, stamp, {
      audits: [{ action: 'dead_letter_retried', details: { kind: letter.kind, code: letter.code } }],
    });
  });
}

/**
 * Discards a refused event for good. The audit event names its kind and the server's code,
 * never its content (it may carry PHI).
 */
export async function discardDeadLetter(
  db: RigsideDb,
  id: string,
  reason: string,
  clock: Clock = () => new Date(),
): Promise<{ ok: boolean; message: string }> {
  const why = reason.trim();
  if (why.length < 3) return { ok: false, message: 'Say why this record is discarded (at least a few words).' };
  const stamp = await currentStamp(db, clock());
  await db.transaction('rw', db.deadLetters, db.outboxEvents, db.auditEvents, async () => {
    const letter = deadLetterSchema.parse(await db.deadLetters.get(id));
    await db.deadLetters.delete(id);
    await commitAct(db, stamp, {
      audits: [
        {
          action: 'dead_letter_discarded',
          details: { kind: letter.kind, code: letter.code, event_id: letter.id, reason: why.slice(0, 200) },
        },
      ],
    });
  });
  return { ok: true, message: 'Discarded.' };
}

/** Everything waiting on this device for the signed-in crew (or for nobody), as a JSON hand-off file. */
export async function exportUnsent(
  db: RigsideDb,
  clock: Clock = () => new Date(),
): Promise<{ fileName: string; json: string; count: number }> {
  const crew = await readCrew(db);
  const mine = (e: { authorId: string | null }) => e.authorId === (crew?.userId ?? null);
  const [pending, dead] = await Promise.all([
    db.outboxEvents.orderBy('seq').filter(mine).toArray(),
    db.deadLetters.orderBy('seq').filter(mine).toArray(),
  ]);
  const now = clock();
  const json = JSON.stringify(
    { exported_at: now.toISOString(), author: crew?.email ?? null, pending, dead_letters: dead },
    null,
    2,
  );
  await commitAct(db, await currentStamp(db, now), {
    audits: [{ action: 'records_exported', details: { pending: pending.length, dead_letters: dead.length } }],
  });
  return {
    fileName: `rigside-unsent-${now.toISOString().replace(/[:.]/g, '-')}.json`,
    json,
    count: pending.length + dead.length,
  };
}
