import { describe, expect, it } from 'vitest';
import { readServerConfig } from './server-config';

describe('server configuration', () => {
  it('is absent when neither variable is set, so records simply wait in the outbox', () => {
    expect(readServerConfig({})).toBeNull();
  });

  it('reads a project URL and anon key', () => {
    const config = readServerConfig({
      VITE_SUPABASE_URL: 'http://127.0.0.1:54321',
      VITE_SUPABASE_ANON_KEY: 'x'.repeat(40),
    });
    expect(config).toEqual({ url: 'http://127.0.0.1:54321', anonKey: 'x'.repeat(40) });
  });

  it('refuses half a configuration with a message naming the missing variable', () => {
    expect(() => readServerConfig({ VITE_SUPABASE_URL: 'http://127.0.0.1:54321' })).toThrow(/VITE_SUPABASE_ANON_KEY/);
  });
});
