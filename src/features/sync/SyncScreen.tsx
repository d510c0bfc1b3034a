import { useState } from 'react';
import { useServices } from '../../app/services';
import { useLiveQuery, useThrottledQuery } from '../../app/use-live-query';
import { useSwUpdate } from '../../app/sw-update';
import { useUi } from '../../app/ui-store';
import { useSyncActivity } from '../../app/sync-runner';
import { readStoragePersistence } from '../../app/storage-persistence';
import { claimUnownedRecords, signOut } from '../../app/actions/crew';
import { exportUnsent } from '../../app/actions/dead-letters';
import { deadLetters, outboxSummary } from '../../data/outbox-store';
import { readCrew } from '../../data/crew';
import { activeDatasetMeta } from '../../data/db';
import { EVENT_KINDS, type EventKind } from '../../domain/outbox/event';
import { storedSessionUserId } from '../../sync/auth-storage';
import { readSyncState, type SyncState } from '../../sync/sync-state';
import { LAST_UPDATE_KEY, referenceUpdateSchema } from '../../sync/reference-pull';
import { useFormulary } from '../../app/formulary-store';
import { useSearchEngine } from '../../app/search-engine-store';
import { DeadLetterList } from './DeadLetterList';
import { HandoffList } from './HandoffList';
import { CorrectionRequests } from './CorrectionRequests';
import { download } from '../../app/download';
import { runAction } from '../../app/run-action';
import { WhatChanged } from '../../app/WhatChanged';

export const KIND_LABELS: Record<EventKind, string> = {
  narrative: 'Narratives',
  protocol_usage: 'Protocol usage',
  dosing_calculation: 'Dosing calculations',
  audit: 'Audit events',
  patient_context: 'Patient contexts',
  call_closed: 'Closed calls',
};

const KIND_SINGULAR: Record<EventKind, string> = {
  narrative: 'Narrative',
  protocol_usage: 'Protocol use',
  dosing_calculation: 'Dose',
  audit: 'Audit',
  patient_context: 'Patient',
  call_closed: 'Closed call',
};

function describePayload(payload: Record<string, unknown>): string {
  const action = payload['action'];
  return typeof action === 'string' ? action.replaceAll('_', ' ') : '';
}

const PERSISTENCE_TEXT = {
  granted: 'Granted: the browser will not clear Rigside’s data to free space.',
  denied:
    'Not granted: the browser may clear Rigside’s data when the device runs low on space. Install the app to the home screen to improve this.',
  unsupported: 'This browser cannot keep storage persistent.',
} as const;

const WAITING_TEXT: Record<SyncState['waitingFor'], string> = {
  nothing: 'Nothing: records go as soon as there is a connection.',
  backoff: 'A retry after a failed send',
  server: 'The server asked to wait',
  sign_in: 'A new sign-in',
  server_not_ready: 'The server to be set up for Rigside',
  forbidden: 'An agency admin to give this account a Rigside profile',
};

const HOUR_MS = 3_600_000;

/** The truth about what has and has not reached the server, and what to do about it. */
export function SyncScreen() {
  const { db, sync } = useServices();
  const online = useUi((s) => s.online);
  const openSignIn = useUi((s) => s.openSignIn);
  const controlled = useSwUpdate((s) => s.controlled);
  const activity = useSyncActivity();
  const crew = useLiveQuery(() => readCrew(db), [db]);
  const me = crew.value?.userId ?? null;
  const events = useThrottledQuery(() => outboxSummary(db, me), [db, me]);
  const letters = useLiveQuery(() => deadLetters(db), [db]);
  const sessionUser = useLiveQuery(() => storedSessionUserId(db), [db]);
  const state = useThrottledQuery(() => readSyncState(db), [db]);
  const persistence = useLiveQuery(() => readStoragePersistence(db), [db]);
  const meta = useLiveQuery(() => activeDatasetMeta(db), [db]);
  const update = useLiveQuery(
    async () => referenceUpdateSchema.safeParse((await db.settings.get(LAST_UPDATE_KEY))?.value).data ?? null,
    [db],
  );
  const engine = useSearchEngine((s) => s.engine);
  const formulary = useFormulary((s) => s.state);
  const [message, setMessage] = useState<string | null>(null);
  const [signOutRefused, setSignOutRefused] = useState<string | null>(null);
  const [forceReason, setForceReason] = useState('');

  const summary = events.value;
  const mine = summary?.mine ?? 0;
  const unowned = summary?.unowned ?? 0;
  const others = summary?.others ?? 0;
  const oldest = summary?.oldestCreatedAt ?? null;
  const oldestAgeMs = oldest ? Date.now() - Date.parse(oldest) : 0;
  const needsSignIn = crew.value && sessionUser.value !== undefined && sessionUser.value !== crew.value.userId;

  async function doSignOut(options: { forceReason?: string; exported?: boolean } = {}) {
    const result = await signOut(db, sync ? await sync.server : null, options);
    if (result.ok) {
      setSignOutRefused(null);
      setMessage('Signed out. Records stay on this device until their author signs in again.');
    } else setSignOutRefused(result.message);
  }

  async function exportAndSignOut() {
    const file = await exportUnsent(db);
    download(file.fileName, file.json);
    await doSignOut({ exported: true });
  }

  return (
    <section className="panel sync">
      <h1 id="screen-title">Sync status</h1>
      {message && <p role="status">{message}</p>}

      <h2>Who is signed in</h2>
      {!sync && <p>This build has no server configured: every record waits safely on this device.</p>}
      {sync && crew.value === null && (
        <div>
          <p>
            Nobody is signed in. Records made now wait here until a crew member signs in and confirms they are theirs.
          </p>
          <button type="button" className="button primary" onClick={openSignIn}>
            Sign in
          </button>
        </div>
      )}
      {crew.value && (
        <div data-testid="crew">
          <p>
            <strong>{crew.value.fullName}</strong> ({crew.value.email}), {crew.value.role.replace('_', ' ')},{' '}
            {crew.value.department}
            {crew.value.station ? `, ${crew.value.station}` : ''}.
          </p>
          {needsSignIn && (
            <p className="warning" role="alert">
              Sign in again to send {mine} record{mine === 1 ? '' : 's'}.{' '}
              <button type="button" className="button primary" onClick={openSignIn}>
                Sign in again
              </button>
            </p>
          )}
          <button type="button" className="button" onClick={() => runAction('Signing out', () => doSignOut())}>
            Sign out
          </button>
          {signOutRefused && mine + (letters.value?.filter((d) => d.authorId === me).length ?? 0) > 0 && (
            <div className="refusal" role="alert">
              <p>{signOutRefused}</p>
              <button
                type="button"
                className="button"
                onClick={() => runAction('Exporting and signing out', exportAndSignOut)}
              >
                Export them, then sign out
              </button>
              <label className="field">
                <span>Reason to sign out anyway (no patient details)</span>
                <input value={forceReason} onChange={(e) => setForceReason(e.target.value)} maxLength={200} />
              </label>
              <button
                type="button"
                className="button"
                disabled={forceReason.trim().length < 3}
                onClick={() => runAction('Signing out', () => doSignOut({ forceReason }))}
              >
                Sign out anyway
              </button>
            </div>
          )}
        </div>
      )}

      {crew.value && <CorrectionRequests userId={crew.value.userId} />}

      <h2>Sending</h2>
      <dl className="facts">
        <dt>Connection</dt>
        <dd>{online ? 'Online' : 'Offline: records wait safely on this device.'}</dd>
        <dt>Waiting for</dt>
        <dd data-testid="waiting-for">
          {state.value ? WAITING_TEXT[state.value.waitingFor] : '…'}
          {state.value &&
            state.value.nextAttemptAt > Date.now() &&
            ` (until ${new Date(state.value.nextAttemptAt).toLocaleTimeString()})`}
          {state.value?.detail && state.value.waitingFor !== 'nothing' && <span>: {state.value.detail}</span>}
        </dd>
        <dt>Last sent</dt>
        <dd data-testid="last-success">
          {state.value?.lastSuccessAt ? new Date(state.value.lastSuccessAt).toLocaleString() : 'Never from this device'}
        </dd>
        <dt>Oldest waiting</dt>
        <dd data-testid="oldest-pending" className={oldestAgeMs > HOUR_MS ? 'warning' : undefined}>
          {oldest
            ? `${formatAge(oldestAgeMs)}${oldestAgeMs > HOUR_MS ? ': over an hour; connect and sign in to send it' : ''}`
            : 'Nothing is waiting.'}
        </dd>
      </dl>
      {sync && (
        <button
          type="button"
          className="button"
          disabled={activity.sending}
          onClick={() => runAction('Sending records', sync.sendNow)}
        >
          {activity.sending ? 'Sending…' : 'Send now'}
        </button>
      )}

      <h2>Waiting to send {summary && <span data-testid="pending-total">({summary.total})</span>}</h2>
      {events.error && <p className="error">Could not read the outbox: {events.error.message}</p>}
      <table className="kinds">
        <tbody>
          {EVENT_KINDS.map((kind) => (
            <tr key={kind}>
              <th scope="row">{KIND_LABELS[kind]}</th>
              <td data-testid={`pending-${kind}`}>{summary ? summary.byKind[kind] : '…'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {unowned > 0 && (
        <div className="notice-box" data-testid="unowned">
          <p>
            {unowned} record{unowned === 1 ? ' was' : 's were'} made while nobody was signed in. They are sent once the
            crew member who made them signs in and claims them.
          </p>
          {crew.value && !needsSignIn && (
            <button
              type="button"
              className="button primary"
              onClick={() =>
                runAction('Claiming the records', async () =>
                  setMessage(`${await claimUnownedRecords(db)} record(s) are now yours and will be sent.`),
                )
              }
            >
              They are mine: send them
            </button>
          )}
        </div>
      )}
      {others > 0 && (
        <p data-testid="others">{others} record(s) of another crew member wait for them to sign in on this device.</p>
      )}

      <h3>Latest queued</h3>
      {summary?.total === 0 && <p>Nothing is waiting.</p>}
      <ol className="event-list" data-testid="event-list">
        {summary?.latest.map((e) => (
          <li key={e.id}>
            <strong>{KIND_SINGULAR[e.kind]}</strong> <span>{describePayload(e.payload)}</span> ·{' '}
            <time dateTime={e.createdAt}>{new Date(e.createdAt).toLocaleString()}</time>
            {e.attempts > 0 && (
              <span>
                {' '}
                · {e.attempts} attempts{e.lastError ? `, last: ${e.lastError}` : ''}
              </span>
            )}
          </li>
        ))}
      </ol>

      <h2>Refused by the server {letters.value && `(${letters.value.length})`}</h2>
      <DeadLetterList letters={letters.value ?? []} />

      {sync && crew.value && (
        <>
          <h2>Closed calls sent to the ePCR</h2>
          <HandoffList server={sync.server} online={online} />
        </>
      )}

      <h2>This device</h2>
      <dl className="facts">
        <dt>Offline app</dt>
        <dd>
          {controlled ? 'Ready: this app works with no signal.' : 'Not ready yet: open Rigside once more while online.'}
        </dd>
        <dt>Storage</dt>
        <dd data-testid="persistence">
          {persistence.value ? PERSISTENCE_TEXT[persistence.value.status] : 'Checking…'}
        </dd>
        <dt>Protocol dataset</dt>
        <dd data-testid="dataset-status">
          {meta.value
            ? `${meta.value.referenceVersion ? `Server version ${meta.value.referenceVersion}` : `Version ${meta.value.version}`}: ${meta.value.protocolCount} protocols, ${meta.value.impressionCount} provider impressions, ${meta.value.medicationCount} medications (hash ${meta.value.contentHash.slice(0, 12)}).`
            : 'None on this device yet.'}
        </dd>
        <dt>Formulary</dt>
        <dd data-testid="formulary-status">
          {formulary.status === 'ready'
            ? `${formulary.formulary.version}, from dataset ${formulary.datasetVersion}: ${formulary.formulary.dosable.length} medications dosed.`
            : formulary.status === 'failed'
              ? `None in use, so no dose is calculated: ${formulary.message}`
              : 'Loading…'}
        </dd>
        <dt>Search index</dt>
        <dd data-testid="search-status">
          {engine.status === 'ready'
            ? `Ready (${engine.indexSource === 'imported' ? 'loaded from this device' : 'built at this start'}).`
            : engine.message}
        </dd>
      </dl>
      {update.value && (
        <div data-testid="reference-update">
          <p>
            <strong>Protocols updated to version {update.value.version}</strong> (
            {new Date(update.value.at).toLocaleString()}).
          </p>
          <ul>
            {changeLines(update.value).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {update.value.notes.map((n) => (
            <WhatChanged key={`${n.kind}/${n.key}`} note={n.note} what={n.name} pulledAt={update.value?.at ?? null} />
          ))}
        </div>
      )}
      {sync && (
        <button
          type="button"
          className="button"
          disabled={activity.pulling}
          onClick={() => runAction('Checking for protocol updates', sync.pullNow)}
        >
          {activity.pulling ? 'Checking…' : 'Check for protocol updates'}
        </button>
      )}
      {activity.lastPull?.status === 'failed' && <p className="error">Protocol update: {activity.lastPull.message}</p>}

      <h2>From tap to server</h2>
      <p>
        Every record is saved on this device first, in the same step as the action that made it, with your name on it.
        It is sent within seconds when there is a connection, in order, and removed from this list only when the server
        has answered for it. If the server refuses a record it moves to “Refused”, with the reason; nothing is dropped
        because it is old.
      </p>
    </section>
  );
}

function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function changeLines(update: {
  protocols: Record<'added' | 'changed' | 'retired', string[]>;
  medications: Record<'added' | 'changed' | 'retired', string[]>;
  ranking?: number | undefined;
}): string[] {
  const lines: string[] = [];
  for (const [what, set] of [
    ['Protocols', update.protocols],
    ['Medications', update.medications],
  ] as const) {
    for (const change of ['added', 'changed', 'retired'] as const) {
      if (set[change].length > 0)
        lines.push(
          `${what} ${change}: ${set[change].slice(0, 20).join(', ')}${set[change].length > 20 ? ` and ${set[change].length - 20} more` : ''}`,
        );
    }
  }
  if (update.ranking)
    lines.push(
      `Search ranking learned from your department’s protocol use (${update.ranking} protocol${update.ranking === 1 ? '' : 's'}).`,
    );
  return lines.length > 0 ? lines : ['No protocol or medication changed.'];
}
