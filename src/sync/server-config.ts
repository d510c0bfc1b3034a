// zod's mini build: this is read at start, in the crew's first load (issue 13).
import { z } from 'zod/mini';

/**
 * Where the app's server lives. `npm start` points it at the local stand-in
 * (supabase/local); a deployment sets VITE_SUPABASE_URL and VITE_SUPABASE_ANON_KEY of a real
 * Supabase project at build time. Unset means "no server configured": records wait in the outbox.
 */
const serverConfigSchema = z.object({
  url: z.url({ error: 'VITE_SUPABASE_URL must be the project URL, e.g. https://xyz.supabase.co' }),
  anonKey: z
    .string({ error: 'VITE_SUPABASE_ANON_KEY must be set to the project anon key' })
    .check(z.minLength(20, 'VITE_SUPABASE_ANON_KEY is too short for an anon key')),
});
export type ServerConfig = z.infer<typeof serverConfigSchema>;

export function readServerConfig(env: Record<string, unknown> = import.meta.env): ServerConfig | null {
  const url = env['VITE_SUPABASE_URL'];
  const anonKey = env['VITE_SUPABASE_ANON_KEY'];
  if (url === undefined && anonKey === undefined) return null;
  const parsed = serverConfigSchema.safeParse({ url, anonKey });
  if (!parsed.success)
    throw new Error(`Server configuration is invalid: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}
