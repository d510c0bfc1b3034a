// The local stack's own parts (supabase/local/stack.ts): a JWT secret per stack instead of the
// Supabase CLI's public demo secret.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PUBLIC_DEMO_JWT_SECRET } from '../../supabase/local/jwt';
import { describeStack, stackJwtSecret } from '../../supabase/local/stack';

describe('the JWT secret of a local stack', () => {
  const dirs: string[] = [];
  const newDataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'rigside-stack-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('is random, its own, never the public demo secret, and readable by its owner only', () => {
    const first = stackJwtSecret(newDataDir());
    const second = stackJwtSecret(newDataDir());
    expect(first.secret).not.toBe(second.secret);
    expect(first.secret).not.toBe(PUBLIC_DEMO_JWT_SECRET);
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    expect(first.path).toMatch(/jwt-secret$/);
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
  });

  it('is kept beside the data and used again when the stack restarts', () => {
    const dataDir = newDataDir();
    expect(stackJwtSecret(dataDir)).toEqual(stackJwtSecret(dataDir));
  });

  it('is printed with the keys', () => {
    const printed = describeStack({
      apiUrl: 'http://127.0.0.1:54321', anonKey: 'anon.key.x', serviceRoleKey: 'service.key.x', databaseUrl: 'postgresql://x',
      jwtSecret: 'a-secret-of-at-least-thirty-two-characters', jwtSecretPath: '/data/jwt-secret', stop: () => Promise.resolve(),
    });
    expect(printed).toContain('anon key:         anon.key.x');
    expect(printed).toContain('JWT secret:       a-secret-of-at-least-thirty-two-characters (kept in /data/jwt-secret)');
  });
});
