import { createClient, isAuthRetryableFetchError, navigatorLock, type SupabaseClient } from '@supabase/supabase-js';
import type { RigsideDb } from '../data/db';
import { readCrew } from '../data/crew';
import type { TransportResult } from '../domain/sync/classify';
import type { WireEvent } from '../domain/outbox/event';
import type { Database, Json } from './database.types';
import { dexieAuthStorage } from './auth-storage';
import type { RefreshOutcome } from './replayer';
import type { ServerConfig } from './server-config';
import type { PageRequest } from './reference-pull';
import type { OutboxReport } from './outbox-report';

/**
 * The app's one Supabase client per context (page or service worker). The session lives in
 * IndexedDB (auth-storage.ts) so the worker reads and refreshes the same sign-in, and a Web
 * Lock serialises refreshes across both, since a refresh token is good for one use. It is typed
 * by the schema (database.types.ts, generated from the migrations): a renamed function or
 * argument breaks the typecheck, not a rig's sync.
 */
export interface ServerClient {
  supabase: SupabaseClient<Database>;
  /** One ingest_events call, with a timeout. */
  sendEvents: (batch: WireEvent[]) => Promise<TransportResult>;
  fetchReferencePage: (request: PageRequest) => Promise<TransportResult>;
  /** The signed-in crew member's open correction requests (the QI review queue). */
  fetchCorrectionRequests: () => Promise<TransportResult>;
  /** Tells the server what this device's outbox holds (the console's sync health). */
  reportOutbox: (report: OutboxReport) => Promise<TransportResult>;
  refreshSession: () => Promise<RefreshOutcome>;
  /** The crew member whose events may go now: the one signed in here, with a session for them. */
  sender: () => Promise<string | null>;
  /** The ePCR hand-off of the signed-in crew member's closed calls (list_epcr_submissions). */
  listHandoffs: () => Promise<TransportResult>;
}

export const REQUEST_TIMEOUT_MS = 15_000;

export function createServerClient(config: ServerConfig, db: RigsideDb, options: { worker: boolean }): ServerClient {
  const locks = globalThis.navigator?.locks;
  const supabase = createClient<Database>(config.url, config.anonKey, {
    auth: {
      storage: dexieAuthStorage(db),
      storageKey: 'rigside-auth',
      persistSession: true,
      // The page keeps the token fresh; the worker refreshes only when the server says 401.
      autoRefreshToken: !options.worker,
      detectSessionInUrl: false,
      ...(locks ? { lock: navigatorLock } : {}),
    },
  });

  let refreshing: Promise<RefreshOutcome> | null = null;
  function refreshSession(): Promise<RefreshOutcome> {
    refreshing ??= (async (): Promise<RefreshOutcome> => {
      const { data, error } = await supabase.auth.refreshSession();
      if (data.session) return 'refreshed';
      return error && isAuthRetryableFetchError(error) ? 'offline' : 'rejected';
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  type Rpc = Database['public']['Functions'];
  async function call<
    F extends
      | 'ingest_events'
      | 'pull_reference_page'
      | 'my_correction_requests'
      | 'report_outbox_state'
      | 'list_epcr_submissions',
  >(fn: F, args: Rpc[F]['Args']): Promise<TransportResult> {
    // The body is checked by whoever reads it (zod in the replayer and the puller): unknown here.
    const answer = await supabase.rpc(fn, args).abortSignal(AbortSignal.timeout(REQUEST_TIMEOUT_MS));
    const { error, status } = answer;
    const data: unknown = answer.data;
    if (status === 0) {
      const message = error?.message ?? 'no answer';
      return /^(AbortError|TimeoutError)/.test(message) ? { kind: 'timeout' } : { kind: 'network_error', message };
    }
    return { kind: 'response', status, body: error ?? data };
  }

  return {
    supabase,
    sendEvents: (batch) => call('ingest_events', { events: batch as unknown as Json }),
    // A null cursor is the function's default: left out, as the generated argument types want.
    fetchReferencePage: ({ since_version, after_version, after_slot, page_size }) =>
      call('pull_reference_page', {
        since_version,
        page_size,
        ...(after_version !== null ? { after_version } : {}),
        ...(after_slot !== null ? { after_slot } : {}),
      }),
    fetchCorrectionRequests: () => call('my_correction_requests', {}),
    // Nulls are the function's defaults: left out, as the generated argument types want.
    reportOutbox: ({ oldest_pending_at, app_version, ...report }) =>
      call('report_outbox_state', {
        ...report,
        ...(oldest_pending_at !== null ? { oldest_pending_at } : {}),
        ...(app_version !== null ? { app_version } : {}),
      }),
    listHandoffs: () => call('list_epcr_submissions', { p_limit: 50 }),
    refreshSession,
    async sender() {
      const crew = await readCrew(db);
      if (!crew) return null;
      const { data } = await supabase.auth.getSession();
      return data.session?.user.id === crew.userId ? crew.userId : null;
    },
  };
}
