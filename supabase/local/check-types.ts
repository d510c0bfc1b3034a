// Database types for TypeScript, generated from the migrated schema by @supabase/postgres-meta:
// the same generator, same version (0.99.0), that `supabase gen types typescript` runs in
// Docker, here run from npm against a throwaway embedded Postgres.
//   tsx supabase/local/check-types.ts           fails when src/sync/database.types.ts is stale
//   tsx supabase/local/check-types.ts --write   regenerates it
//   --db-url URL                                use an already migrated database instead
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { migrate, REPO_ROOT } from './migrate';
import { startPostgres } from './postgres';

export const TYPES_PATH = resolve(REPO_ROOT, 'src/sync/database.types.ts');
const POSTGRES_META = resolve(REPO_ROOT, 'node_modules/@supabase/postgres-meta/dist/server/server.js');
const HEADER =
  '// Generated from supabase/migrations by `npm run db:types` (@supabase/postgres-meta). Do not edit.\n\n';

/** Types of schema public of the database at `dbUrl`, exactly as the generator prints them. */
export function generateDatabaseTypes(dbUrl: string): Promise<string> {
  if (!existsSync(POSTGRES_META)) {
    return Promise.reject(
      new Error(`@supabase/postgres-meta is not installed (${POSTGRES_META} missing); run npm install`),
    );
  }
  const env = {
    ...process.env,
    PG_META_DB_URL: dbUrl,
    PG_META_GENERATE_TYPES: 'typescript',
    PG_META_GENERATE_TYPES_INCLUDED_SCHEMAS: 'public',
    PG_META_GENERATE_TYPES_DETECT_ONE_TO_ONE_RELATIONSHIPS: 'true',
  };
  return new Promise((done, fail) => {
    execFile(process.execPath, [POSTGRES_META], { env, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`postgres-meta typegen failed: ${stderr.trim() || error.message}`));
      else done(HEADER + stdout.trimEnd() + '\n');
    });
  });
}

/** Migrates a throwaway cluster (or uses `dbUrl`) and returns the generated types. */
export async function typesFromMigrations(dbUrl?: string): Promise<string> {
  if (dbUrl) return generateDatabaseTypes(dbUrl);
  const dataDir = resolve(REPO_ROOT, `.tmp/postgres/types-${process.pid}`);
  const postgres = await startPostgres({ dataDir, port: 0 });
  try {
    const admin = new pg.Client({ connectionString: postgres.urlFor('postgres') });
    await admin.connect();
    await admin.query('create database typegen');
    await admin.end();
    await migrate(postgres.urlFor('typegen'));
    return await generateDatabaseTypes(postgres.urlFor('typegen'));
  } finally {
    await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const write = args.includes('--write');
  const urlIndex = args.indexOf('--db-url');
  const dbUrl = urlIndex >= 0 ? args[urlIndex + 1] : undefined;
  try {
    const fresh = await typesFromMigrations(dbUrl);
    const committed = existsSync(TYPES_PATH) ? readFileSync(TYPES_PATH, 'utf8') : null;
    if (write) {
      writeFileSync(TYPES_PATH, fresh);
      console.log(committed === fresh ? 'database types: already up to date' : `database types: wrote ${TYPES_PATH}`);
    } else if (committed !== fresh) {
      console.error(
        committed === null
          ? `database types: ${TYPES_PATH} is missing; run npm run db:types`
          : 'database types: src/sync/database.types.ts is stale (the migrations changed the schema); run npm run db:types and commit the result',
      );
      process.exit(1);
    } else {
      console.log('database types: up to date with supabase/migrations');
    }
  } catch (error) {
    console.error(`database types: ${(error as Error).message}`);
    process.exit(1);
  }
}
