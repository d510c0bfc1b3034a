import { isAuthApiError, isAuthRetryableFetchError } from '@supabase/supabase-js';
import { z } from 'zod';
import type { RigsideDb } from '../../data/db';
import { crewMemberSchema, currentStamp, readCrew, writeCrew, type CrewMember } from '../../data/crew';
import { clearCorrectionRequests } from '../../data/correction-requests';
import { commitAct } from '../../data/outbox-writer';
import type { ServerClient } from '../../sync/client';
import { REPLAY_LOCK, webLocks } from '../../sync/locks';
import type { Clock } from './clinical-acts';

/**
 * Signing in and out on a shared device. Nothing here deletes a record: a crew member leaves
 * only when their records are sent, exported, or the leaving is forced with a reason.
 */
export type CrewResult<T = CrewMember> = { ok: true; value: T } | { ok: false; code: string; message: string };

const profileSchema = z.object({
  id: z.string().uuid(),
  email: z.string(),
  full_name: z.string(),
  role: crewMemberSchema.shape.role,
  department: z.object({ id: z.string().uuid(), name: z.string() }),
  station: z.object({ name: z.string() }).nullable(),
});

/** What waits on this device for one crew member: queued events and dead letters. */
export async function unsentFor(db: RigsideDb, userId: string): Promise<{ pending: number; deadLetters: number }> {
  const [pending, deadLetters] = await Promise.all([
    db.outboxEvents.where('authorId').equals(userId).count(),
    db.deadLetters.filter((d) => d.authorId === userId).count(),
  ]);
  return { pending, deadLetters };
}

export async function signIn(
  db: RigsideDb,
  server: ServerClient,
  input: { email: string; password: string },
  clock: Clock = () => new Date(),
): Promise<CrewResult> {
  const email = input.email.trim();
  if (!email || !input.password) return { ok: false, code: 'MISSING', message: 'Enter your email and your password.' };
  if (globalThis.navigator?.onLine === false) {
    return {
      ok: false,
      code: 'OFFLINE',
      message: 'You are offline. Sign in once with a connection; after that Rigside keeps working offline.',
    };
  }
  const { data, error } = await server.supabase.auth.signInWithPassword({ email, password: input.password });
  if (error || !data.session) {
    if (error && isAuthRetryableFetchError(error)) {
      return {
        ok: false,
        code: 'OFFLINE',
        message:
          'The server cannot be reached. Check the connection and try again; nothing on this device was changed.',
      };
    }
    if (error && isAuthApiError(error) && error.code === 'invalid_credentials') {
      return {
        ok: false,
        code: 'WRONG_CREDENTIALS',
        message: 'That email and password do not match an account. Check both (and Caps Lock) and try again.',
      };
    }
    return { ok: false, code: 'REFUSED', message: `Sign-in was refused: ${error?.message ?? 'no session'}.` };
  }
  const profile = profileSchema.safeParse((await server.supabase.rpc('my_profile')).data);
  if (!profile.success) {
    await server.supabase.auth.signOut({ scope: 'local' });
    return {
      ok: false,
      code: 'NO_PROFILE',
      message: 'This account has no active Rigside profile. Ask your agency admin to add you.',
    };
  }
  const previous = await readCrew(db);
  if (previous && previous.userId !== profile.data.id) {
    const left = await unsentFor(db, previous.userId);
    if (left.pending + left.deadLetters > 0) {
      await server.supabase.auth.signOut({ scope: 'local' });
      return {
        ok: false,
        code: 'HANDOFF_REFUSED',
        message: `${previous.fullName} still has ${left.pending} record(s) waiting and ${left.deadLetters} refused. They must sign in to send them, or sign out with an export or a reason on Sync status.`,
      };
    }
  }
  const crew: CrewMember = {
    userId: profile.data.id,
    email: profile.data.email,
    fullName: profile.data.full_name,
    role: profile.data.role,
    department: profile.data.department.name,
    departmentId: profile.data.department.id,
    station: profile.data.station?.name ?? null,
    signedInAt: clock().toISOString(),
  };
  await writeCrew(db, crew);
  await commitAct(db, { now: clock(), authorId: crew.userId }, { audits: [{ action: 'signed_in', details: {} }] });
  return { ok: true, value: crew };
}

/**
 * Signs the crew member out of this device. Refused while their records wait, unless they
 * were exported (`exported`) or the crew forces it with a reason, which is audited.
 */
export async function signOut(
  db: RigsideDb,
  server: ServerClient | null,
  options: { forceReason?: string; exported?: boolean } = {},
  clock: Clock = () => new Date(),
): Promise<CrewResult<null>> {
  const crew = await readCrew(db);
  if (!crew) return { ok: true, value: null };
  // No batch of theirs is in flight while they leave.
  const refused = await webLocks()(
    REPLAY_LOCK,
    async () => {
      const left = await unsentFor(db, crew.userId);
      const reason = options.forceReason?.trim() ?? '';
      const waiting = left.pending + left.deadLetters;
      if (waiting > 0 && !options.exported && !reason) return left;
      if (waiting > 0) {
        await commitAct(
          db,
          { now: clock(), authorId: crew.userId },
          {
            audits: [
              {
                action: 'sign_out_forced',
                details: {
                  pending: left.pending,
                  dead_letters: left.deadLetters,
                  exported: Boolean(options.exported),
                  reason: reason.slice(0, 200),
                },
              },
            ],
          },
        );
      }
      await writeCrew(db, null);
      await clearCorrectionRequests(db);
      return null;
    },
    { wait: true },
  );
  if (refused && typeof refused === 'object') {
    return {
      ok: false,
      code: 'UNSENT_RECORDS',
      message: `${refused.pending} record(s) are waiting to be sent and ${refused.deadLetters} were refused. Send them first, export them, or give a reason to sign out anyway.`,
    };
  }
  await server?.supabase.auth.signOut({ scope: 'local' }).catch(() => undefined);
  return { ok: true, value: null };
}

/** Records made while nobody was signed in become the signed-in crew member's, on their word. */
export async function claimUnownedRecords(db: RigsideDb, clock: Clock = () => new Date()): Promise<number> {
  const crew = await readCrew(db);
  if (!crew) return 0;
  const claimed = await db.transaction('rw', db.outboxEvents, db.deadLetters, async () => {
    const n = await db.outboxEvents.filter((e) => e.authorId === null).modify({ authorId: crew.userId });
    await db.deadLetters.filter((e) => e.authorId === null).modify({ authorId: crew.userId });
    return n;
  });
  if (claimed > 0)
    await commitAct(db, await currentStamp(db, clock()), {
      audits: [{ action: 'records_claimed', details: { count: claimed } }],
    });
  return claimed;
}
