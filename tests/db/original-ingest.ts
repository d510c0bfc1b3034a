// ingest_events as it first landed (a savepoint and a writer call per event), recreated from its
// migration under another name, so that the bench and the verdict test can run it beside the
// current one. Only ever created in throwaway databases.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type pg from 'pg';
import { REPO_ROOT } from '../../supabase/local/migrate';

export const ORIGINAL_INGEST_MIGRATION = 'supabase/migrations/20261125000700_ingest_events.sql';
export const ORIGINAL_INGEST_FUNCTION = 'ingest_events_v1';

/** Creates public.ingest_events_v1 from the `create function public.ingest_events` statement of the landed migration. */
export async function createOriginalIngestEvents(db: Pick<pg.ClientBase, 'query'>): Promise<void> {
  const migration = readFileSync(resolve(REPO_ROOT, ORIGINAL_INGEST_MIGRATION), 'utf8');
  const statement = /create function public\.ingest_events\(events jsonb\)[\s\S]*?\nas \$\$[\s\S]*?\n\$\$;/.exec(
    migration,
  )?.[0];
  if (!statement) throw new Error(`no create function public.ingest_events statement in ${ORIGINAL_INGEST_MIGRATION}`);
  await db.query(
    statement.replace('create function public.ingest_events(', `create function public.${ORIGINAL_INGEST_FUNCTION}(`),
  );
  await db.query(`revoke all on function public.${ORIGINAL_INGEST_FUNCTION}(jsonb) from public, anon`);
  await db.query(`grant execute on function public.${ORIGINAL_INGEST_FUNCTION}(jsonb) to authenticated`);
}
