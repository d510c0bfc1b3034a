// supabase-js as Node code uses it (tests, the e2e backend, scripts), against the stand-in or
// a project: no session kept between runs, and the ws package for the realtime client, since
// Node 20 has no WebSocket of its own (DESIGN.md: supabase-js in Node).
import { createClient } from '@supabase/supabase-js';
import ws from 'ws';

type ClientOptions = NonNullable<Parameters<typeof createClient>[2]>;
const realtimeTransport = ws as unknown as NonNullable<ClientOptions['realtime']>['transport'];

export function nodeSupabaseClient(url: string, key: string) {
  return createClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: realtimeTransport },
  });
}
