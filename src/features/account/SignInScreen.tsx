import { useEffect, useRef, useState } from 'react';
import { useServices } from '../../app/services';
import { useUi } from '../../app/ui-store';
import { useLiveQuery } from '../../app/use-live-query';
import { signIn } from '../../app/actions/crew';
import { readCrew } from '../../data/crew';
import { runAction } from '../../app/run-action';

/**
 * Sign-in with the agency's Supabase account. Needed once online; search and dosing never
 * wait for it. A failed sign-in changes nothing on the device.
 */
export function SignInScreen() {
  const { db, sync } = useServices();
  const { go } = useUi();
  const online = useUi((s) => s.online);
  const crew = useLiveQuery(() => readCrew(db), [db]);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);
  // Signing in again after the session ran out: the same crew member, most likely.
  useEffect(() => {
    if (crew.value && !email) setEmail(crew.value.email);
  }, [crew.value, email]);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!sync) return setError('This build of Rigside has no server configured, so there is nothing to sign in to.');
    setBusy(true);
    setError(null);
    try {
      const result = await signIn(db, await sync.server, { email, password });
      if (!result.ok) return setError(result.message);
      setPassword('');
      go('sync');
      runAction('Sending records', sync.sendNow);
      runAction('Checking for protocol updates', sync.pullNow);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel sign-in" aria-labelledby="screen-title">
      <h1 id="screen-title" ref={heading} tabIndex={-1}>
        Sign in
      </h1>
      <p>Sign in once while online so your records reach your agency. Protocols and dosing work without it.</p>
      {!online && <p className="notice">You are offline: sign-in needs a connection.</p>}
      <form className="form" onSubmit={(e) => runAction('Signing in', () => submit(e))} noValidate>
        <label className="field">
          <span>Email</span>
          <input
            type="email"
            autoComplete="username"
            inputMode="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <p className="refusal" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary wide" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <button type="button" className="button" onClick={() => go('sync')}>
        Back to Sync status
      </button>
    </section>
  );
}
