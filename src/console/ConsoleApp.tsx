import { lazy, Suspense, useEffect, useState } from 'react';
import { ConsoleLink } from './ConsoleLink';
import { settle } from './settle';
import type { Session } from '@supabase/supabase-js';
import { callRpc, type ConsoleClient } from './console-client';
import { ConsoleServicesProvider } from './console-context';
import { navigate, useConsoleLocation } from './router';
import { consoleContextSchema, type ConsoleContext } from './schemas';
import { SignInPanel } from './SignInPanel';
import { QueuePage } from './queue/QueuePage';
import { ReviewPage } from './queue/ReviewPage';

/** The console's pages: the path below /console and the tab that leads there. */
const PAGES = [
  { path: 'queue', label: 'QI queue' },
  { path: 'charts', label: 'Charts' },
  { path: 'audit', label: 'Audit trail' },
  { path: 'sync', label: 'Sync health' },
  { path: 'handoff', label: 'ePCR hand-off' },
  { path: 'versions', label: 'Versions' },
] as const;

type Gate =
  | { state: 'loading' }
  | { state: 'signed_out' }
  | { state: 'refused'; message: string }
  | { state: 'ready'; context: ConsoleContext };

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/**
 * The console shell: online only, signed in with a console role (supervisor, medical director,
 * admin), scoped to the caller's department by the server. Anything else gets a plain answer.
 */
export function ConsoleApp({ client }: { client: ConsoleClient | null }) {
  const online = useOnline();
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [gate, setGate] = useState<Gate>({ state: 'loading' });
  const location = useConsoleLocation();

  useEffect(() => {
    if (!client) return;
    settle(client.auth.getSession().then(({ data }) => setSession(data.session)));
    const { data } = client.auth.onAuthStateChange((_event, next) => setSession(next));
    return () => data.subscription.unsubscribe();
  }, [client]);

  const userId = session?.user.id ?? null;
  const sessionKnown = session !== undefined;
  useEffect(() => {
    if (!client || !sessionKnown) return;
    if (!userId) {
      setGate({ state: 'signed_out' });
      return;
    }
    let current = true;
    setGate({ state: 'loading' });
    settle(
      callRpc(client, 'get_console_context', {}, consoleContextSchema).then((result) => {
        if (!current) return;
        if (result.ok) setGate({ state: 'ready', context: result.value });
        else if (result.code === '42501')
          setGate({
            state: 'refused',
            message:
              'This account is not a supervisor’s, a medical director’s or an admin’s: the console is not open to it. Crews use Rigside on the rig.',
          });
        else setGate({ state: 'refused', message: result.message });
      }),
    );
    return () => {
      current = false;
    };
    // Keyed on the person, not the session object, which changes on every token refresh.
  }, [client, sessionKnown, userId, online]);

  useEffect(() => {
    if (location.path === '') navigate('queue', { replace: true });
  }, [location.path]);

  const [page = 'queue', id] = location.path.split('/');
  return (
    <div className="console-shell">
      <a className="skip-link" href="#console-main">
        Skip to content
      </a>
      <header className="console-topbar">
        <span className="brand">Rigside console</span>
        {gate.state === 'ready' && (
          <>
            <nav aria-label="Console pages" className="console-nav">
              {PAGES.map((p) => (
                <ConsoleLink key={p.path} to={p.path} aria-current={page === p.path ? 'page' : undefined}>
                  {p.label}
                </ConsoleLink>
              ))}
            </nav>
          </>
        )}
        {session && (
          <div className="console-account">
            {gate.state === 'ready' && (
              <span className="console-who">
                <span className="name">{gate.context.me.fullName}</span>{' '}
                <span className="department">
                  {gate.context.department.name}
                  {!gate.context.me.mayDecide && ' · read only'}
                </span>
              </span>
            )}
            <button type="button" className="button" onClick={() => client && settle(client.auth.signOut())}>
              Sign out
            </button>
          </div>
        )}
      </header>
      {!online && (
        <p className="console-offline" role="alert">
          You are offline. The console works only with a connection: nothing here is kept on this device, and nothing
          you do is saved until you are back online. Records on the rigs are not affected.
        </p>
      )}
      <main id="console-main" className="console-main" tabIndex={-1}>
        {!client && <p className="console-card">This build names no server, so there is no console to open.</p>}
        {client && gate.state === 'loading' && <p className="console-card">Loading the console…</p>}
        {client && gate.state === 'signed_out' && <SignInPanel client={client} />}
        {gate.state === 'refused' && (
          <div className="console-card" role="alert">
            <h1>The console is not available</h1>
            <p>{gate.message}</p>
          </div>
        )}
        {client && gate.state === 'ready' && (
          <ConsoleServicesProvider value={{ client, context: gate.context, online }}>
            <Suspense fallback={<p className="console-card">Loading…</p>}>
              {page === 'queue' && !id && <QueuePage />}
              {page === 'queue' && id && <ReviewPage id={id} />}
              {page === 'charts' && <ChartsPage />}
              {page === 'audit' && <AuditPage />}
              {page === 'sync' && <SyncHealthPage />}
              {page === 'handoff' && <HandoffPage />}
              {page === 'versions' && <VersionsRoute />}
              {!PAGES.some((p) => p.path === page) && (
                <p className="console-card">There is no console page at /console/{location.path}.</p>
              )}
            </Suspense>
          </ConsoleServicesProvider>
        )}
      </main>
    </div>
  );
}

// Pages past the queue load when first opened.
const AuditPage = lazy(() => import('./audit/AuditPage').then((m) => ({ default: m.AuditPage })));
// The charts page brings the chart library with it: nowhere else in the console, never in the crew app.
const ChartsPage = lazy(() => import('./charts/ChartsPage').then((m) => ({ default: m.ChartsPage })));
const VersionsRoute = lazy(() => import('./versions/VersionsRoute').then((m) => ({ default: m.VersionsRoute })));
const SyncHealthPage = lazy(() => import('./sync-health/SyncHealthPage').then((m) => ({ default: m.SyncHealthPage })));
const HandoffPage = lazy(() => import('./handoff/HandoffPage').then((m) => ({ default: m.HandoffPage })));
