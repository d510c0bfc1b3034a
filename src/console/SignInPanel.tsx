import { useState, type FormEvent } from 'react';
import { settle } from './settle';
import type { ConsoleClient } from './console-client';

/** The console's sign-in: the same accounts as the crew app, checked for a console role afterwards. */
export function SignInPanel({ client }: { client: ConsoleClient }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const { error: refused } = await client.auth.signInWithPassword({ email: email.trim(), password });
    setBusy(false);
    if (refused) {
      setError(
        refused.code === 'invalid_credentials'
          ? 'That email and password do not match an account. Check both and try again.'
          : `Sign-in was refused: ${refused.message}`,
      );
    }
  }

  return (
    <form
      className="console-card console-sign-in"
      onSubmit={(e) => settle(submit(e))}
      aria-labelledby="console-sign-in-title"
    >
      <h1 id="console-sign-in-title">Sign in to the Rigside console</h1>
      <p>For supervisors, medical directors and admins. Crews use Rigside on the rig.</p>
      <label className="field">
        <span>Email</span>
        <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
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
        <p role="alert" className="console-error">
          {error}
        </p>
      )}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
