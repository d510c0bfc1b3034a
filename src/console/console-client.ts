import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { z } from 'zod';
import type { ServerConfig } from '../sync/server-config';
import type { Database } from '../sync/database.types';

/**
 * The console's own Supabase client. The console is online only and keeps nothing of the
 * crew's on the device: its sign-in lives in this browser's localStorage under a key of its
 * own, never in the crew app's IndexedDB, so a director's desktop and a rig never share one.
 */
export function createConsoleClient(config: ServerConfig): SupabaseClient<Database> {
  const client: SupabaseClient<Database> = createClient<Database>(config.url, config.anonKey, {
    auth: {
      storageKey: 'rigside-console-auth',
      persistSession: true,
      autoRefreshToken: true,
      detectSessionInUrl: false,
    },
  });
  return client;
}

export type RpcResult<T> = { ok: true; value: T } | { ok: false; status: number; code: string; message: string };

/** One RPC, its answer checked against `schema` (snake_case on the wire, camelCase after). */
/** The console's client, typed by the schema (src/sync/database.types.ts, npm run db:types). */
export type ConsoleClient = SupabaseClient<Database>;
export type RpcName = keyof Database['public']['Functions'];

export async function callRpc<T>(
  client: ConsoleClient,
  fn: RpcName,
  args: Record<string, unknown>,
  schema: z.ZodType<T>,
): Promise<RpcResult<T>> {
  // The answer is checked against `schema`; the arguments are the RPC's named parameters.
  const answer = await client.rpc(fn, args as never);
  const { error, status } = answer;
  const data: unknown = answer.data;
  if (status === 0)
    return {
      ok: false,
      status,
      code: 'OFFLINE',
      message: 'No connection to the server. The console works online only; check the connection and try again.',
    };
  if (error) {
    const detail = error.code === 'RATE_LIMITED' ? ' Wait a moment, then try again.' : '';
    return {
      ok: false,
      status,
      code: error.code || 'ERROR',
      message: `${error.message}.${detail}`.replace(/\.\./, '.'),
    };
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      status,
      code: 'UNEXPECTED_ANSWER',
      message: `The server's answer to ${fn} is not what this console expects (${parsed.error.issues[0]?.path.join('.') ?? ''}). Reload the page; if it persists the server and the app are out of step.`,
    };
  }
  return { ok: true, value: parsed.data };
}
