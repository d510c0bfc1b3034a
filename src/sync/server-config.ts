// zod's mini build: the service worker reads this at every start.
import { z } from 'zod/mini';
import { serverConfigured } from './server-configured.ts';

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

/** The build's server, or null when it names none; throws, saying what to fix, when it names one badly. */
export function readServerConfig(env: Record<string, unknown> = import.meta.env): ServerConfig | null {
  if (!serverConfigured(env)) return null;
  const parsed = serverConfigSchema.safeParse({
    url: env['VITE_SUPABASE_URL'],
    anonKey: env['VITE_SUPABASE_ANON_KEY'],
  });
  if (!parsed.success)
    throw new Error(`Server configuration is invalid: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}
