// What the API stand-in takes from supabase/config.toml, the file a real project's Auth is
// configured from, so that the stand-in and production follow one setting.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const CONFIG_TOML = resolve(import.meta.dirname, '../config.toml');

/** The values of one [section] of a TOML file: flat `key = value` lines only, which is all config.toml uses. */
export function tomlSection(text: string, section: string): Record<string, string | boolean | number> {
  const values: Record<string, string | boolean | number> = {};
  let inside = false;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\s+#.*$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      inside = header[1]?.trim() === section;
      continue;
    }
    const pair = /^([A-Za-z0-9_]+)\s*=\s*(.+)$/.exec(line);
    if (!inside || !pair?.[1] || pair[2] === undefined) continue;
    const raw = pair[2].trim();
    values[pair[1]] =
      raw === 'true'
        ? true
        : raw === 'false'
          ? false
          : (/^"(.*)"$/.exec(raw)?.[1] ?? (Number.isFinite(Number(raw)) ? Number(raw) : raw));
  }
  return values;
}

/** The URI of the password verification attempt hook when config.toml enables it, else null. */
export function passwordVerificationHookUri(configPath = CONFIG_TOML): string | null {
  const hook = tomlSection(readFileSync(configPath, 'utf8'), 'auth.hook.password_verification_attempt');
  return hook['enabled'] === true && typeof hook['uri'] === 'string' ? hook['uri'] : null;
}

/**
 * The function a pg-functions hook URI names, quoted as GoTrue quotes it:
 * pg-functions://postgres/public/hook_x -> "public"."hook_x".
 */
export function hookFunctionName(uri: string): string {
  const match = /^pg-functions:\/\/[^/]+\/([A-Za-z_][A-Za-z0-9_]*)\/([A-Za-z_][A-Za-z0-9_]*)$/.exec(uri);
  if (!match)
    throw new Error(
      `The stand-in calls Postgres function hooks only (pg-functions://<db>/<schema>/<function>), not ${uri}`,
    );
  return `"${match[1]}"."${match[2]}"`;
}
