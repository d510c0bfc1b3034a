import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { z } from 'zod';
import type { ServerConfig } from '../sync/server-config';

/**
 * The console's own Supabase client. The console is online only and keeps nothing of the
 * crew's on the device: its sign-in lives in this browser's localStorage under a key of its
 * own, never in the crew app's IndexedDB, so a director's desktop and a rig never share one.
 */
export function createConsoleClient(config: ServerConfig): SupabaseClient {
  return createClient(config.url, config.anonKey, {
    auth: { storageKey: 'rigside-console-auth', persistSession: true, autoRefreshToken: true, detectSessionInUrl: false },
  });
}

export type RpcResult<T> = { ok: true; value: T } | { ok: false; status: number; code: string; message: string };

/** One RPC, its answer checked against `schema` (snake_case on the wire, camelCase after). */
export async function callRpc<T>(client: SupabaseClient, fn: string, args: Record<string, unknown>, schema: z.ZodType<T>): Promise<RpcResult<T>> {
  const { data, error, status } = await client.rpc(fn, args);
  if (status === 0) return { ok: false, status, code: 'OFFLINE', message: 'No connection to the server. The console works online only; check the connection and try again.' };
  if (error) {
    const detail = error.code === 'RATE_LIMITED' ? ' Wait a moment, then try again.' : '';
    return { ok: false, status, code: error.code || 'ERROR', message: `${error.message}.${detail}`.replace(/\.\./, '.') };
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    return { ok: false, status, code: 'UNEXPECTED_ANSWER', message: `The server's answer to ${fn} is not what this console expects (${parsed.error.issues[0]?.path.join('.') ?? ''}). Reload the page; if it persists the server and the app are out of step.` };
  }
  return { ok: true, value: parsed.data };
}
