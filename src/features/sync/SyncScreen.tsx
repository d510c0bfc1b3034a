import { useServices } from '../../app/services';
import { useLiveQuery } from '../../app/use-live-query';
import { useSwUpdate } from '../../app/sw-update';
import { useUi } from '../../app/ui-store';
import { readStoragePersistence } from '../../app/storage-persistence';
import { pendingCountsByKind, pendingEvents } from '../../data/outbox-store';
import { EVENT_KINDS, type EventKind } from '../../domain/outbox/event';
import { activeDatasetMeta } from '../../data/reference-mirror';
import { useSearchEngine } from '../search/search-engine-store';

const KIND_LABELS: Record<EventKind, string> = {
  narrative: 'Narratives',
  protocol_usage: 'Protocol usage',
  dosing_calculation: 'Dosing calculations',
  audit: 'Audit events',
  patient_context: 'Patient contexts',
};

const KIND_SINGULAR: Record<EventKind, string> = {
  narrative: 'Narrative',
  protocol_usage: 'Protocol use',
  dosing_calculation: 'Dose',
  audit: 'Audit',
  patient_context: 'Patient',
};

const PERSISTENCE_TEXT = {
  granted: 'Granted: the browser will not clear Rigside’s data to free space.',
  denied: 'Not granted: the browser may clear Rigside’s data when the device runs low on space. Install the app to the home screen to improve this.',
  unsupported: 'This browser cannot keep storage persistent.',
} as const;

export function SyncScreen() {
  const { db } = useServices();
  const online = useUi((s) => s.online);
  const controlled = useSwUpdate((s) => s.controlled);
  const counts = useLiveQuery(() => pendingCountsByKind(db), [db]);
  const events = useLiveQuery(() => pendingEvents(db), [db]);
  const persistence = useLiveQuery(() => readStoragePersistence(db), [db]);
  const meta = useLiveQuery(() => activeDatasetMeta(db), [db]);
  const engine = useSearchEngine((s) => s.engine);
  const dataset = useSearchEngine((s) => s.dataset);
  const total = counts.value ? Object.values(counts.value).reduce((a, b) => a + b, 0) : undefined;

  return (
    <section className="panel">
      <h1 id="screen-title">Sync status</h1>
      <dl className="facts">
        <dt>Connection</dt>
        <dd>{online ? 'Online' : 'Offline'}. Sending to the server is not switched on yet; everything waits safely here.</dd>
        <dt>Offline app</dt>
        <dd>{controlled ? 'Ready: this app works with no signal.' : 'Not ready yet: open Rigside once more while online.'}</dd>
        <dt>Storage</dt>
        <dd data-testid="persistence">{persistence.value ? PERSISTENCE_TEXT[persistence.value.status] : 'Checking…'}</dd>
        <dt>Protocol dataset</dt>
        <dd data-testid="dataset-status">
          {meta.value
            ? `Version ${meta.value.version}: ${meta.value.protocolCount} protocols, ${meta.value.impressionCount} provider impressions, ${meta.value.medicationCount} medications (hash ${meta.value.contentHash.slice(0, 12)}).`
            : 'None on this device yet.'}
          {dataset?.status === 'refused' && <span className="error"> {dataset.message}</span>}
        </dd>
        <dt>Search index</dt>
        <dd data-testid="search-status">
          {engine.status === 'ready' ? `Ready (${engine.indexSource === 'imported' ? 'loaded from this device' : 'built at this start'}).` : engine.message}
        </dd>
      </dl>

      <h2>Waiting to send {total !== undefined && <span data-testid="pending-total">({total})</span>}</h2>
      {counts.error && <p className="error">Could not read the outbox: {counts.error.message}</p>}
      <table className="kinds">
        <tbody>
          {EVENT_KINDS.map((kind) => (
            <tr key={kind}>
              <th scope="row">{KIND_LABELS[kind]}</th>
              <td data-testid={`pending-${kind}`}>{counts.value?.[kind] ?? '…'}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Queued events</h2>
      {events.value && events.value.length === 0 && <p>Nothing is waiting.</p>}
      <ol className="event-list" data-testid="event-list">
        {events.value?.slice(-50).reverse().map((e) => (
          <li key={e.id}>
            <strong>{KIND_SINGULAR[e.kind]}</strong> <span>{describePayload(e.payload)}</span> ·{' '}
            <time dateTime={e.createdAt}>{new Date(e.createdAt).toLocaleString()}</time>
            {e.attempts > 0 && <span> · {e.attempts} attempts{e.lastError ? `, last error: ${e.lastError}` : ''}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

function describePayload(payload: Record<string, unknown>): string {
  const action = payload['action'];
  return typeof action === 'string' ? action.replaceAll('_', ' ') : '';
}
