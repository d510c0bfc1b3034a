/**
 * Whether the build names a server at all (VITE_SUPABASE_URL or VITE_SUPABASE_ANON_KEY set).
 * Asked at start, in the crew's first load, so it carries no schema: the values themselves are
 * checked by `readServerConfig` (src/sync/server-config.ts) when the build is made and again
 * when sync starts.
 */
export function serverConfigured(env: Record<string, unknown> = import.meta.env): boolean {
  return env['VITE_SUPABASE_URL'] !== undefined || env['VITE_SUPABASE_ANON_KEY'] !== undefined;
}
