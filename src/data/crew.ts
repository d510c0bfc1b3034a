import { z } from 'zod';
import type { RigsideDb } from './db';
import type { Stamp } from './outbox-writer';

/**
 * Who works on this device. Written at an online sign-in and kept until an explicit sign-out,
 * so that records made offline (even with an expired token) are still stamped with their
 * author. The Supabase session itself lives beside it (src/sync/auth-storage.ts).
 */
export const crewMemberSchema = z.object({
  userId: z.string().uuid(),
  email: z.string(),
  fullName: z.string(),
  role: z.enum(['paramedic', 'emt', 'supervisor', 'medical_director', 'admin']),
  department: z.string(),
  /** Absent for a sign-in kept from before it was stored; the next online sign-in adds it. */
  departmentId: z.string().uuid().optional(),
  station: z.string().nullable(),
  signedInAt: z.string().datetime({ offset: true }),
});
export type CrewMember = z.infer<typeof crewMemberSchema>;

const CREW_KEY = 'crew';
const DEVICE_KEY = 'deviceId';

export async function readCrew(db: RigsideDb): Promise<CrewMember | null> {
  const parsed = crewMemberSchema.safeParse((await db.settings.get(CREW_KEY))?.value);
  return parsed.success ? parsed.data : null;
}

export async function writeCrew(db: RigsideDb, crew: CrewMember | null): Promise<void> {
  if (crew) await db.settings.put({ key: CREW_KEY, value: crewMemberSchema.parse(crew) });
  else await db.settings.delete(CREW_KEY);
}

export async function currentStamp(db: RigsideDb, now: Date): Promise<Stamp> {
  return { now, authorId: (await readCrew(db))?.userId ?? null };
}

/** This device's stable id, made once; the server keeps it beside each event's sequence number. */
export async function deviceId(db: RigsideDb): Promise<string> {
  return db.transaction('rw', db.settings, async () => {
    const existing = (await db.settings.get(DEVICE_KEY))?.value;
    if (typeof existing === 'string') return existing;
    const id = crypto.randomUUID();
    await db.settings.put({ key: DEVICE_KEY, value: id });
    return id;
  });
}
