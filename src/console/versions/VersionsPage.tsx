import { useEffect, useState, type FormEvent } from 'react';
import { REFERENCE_KINDS, type ReferenceKind } from '../../domain/versions/drafts';
import { ConsoleLink } from '../ConsoleLink';
import { callRpc } from '../console-client';
import { useConsole } from '../console-context';
import { formatTime } from '../format';
import { navigate, useConsoleLocation } from '../router';
import { SelectField } from '../SelectField';
import { settle } from '../settle';
import {
  KIND_LABELS,
  recordNameListSchema,
  VERSION_STATUS_LABELS,
  VERSION_STATUSES,
  versionListSchema,
  type RecordName,
  type VersionSummary,
} from './version-schemas';

/** Every version of the department's protocols and medications (and the released ones of everyone), newest first. */
export function VersionsPage() {
  const { client, context } = useConsole();
  const { search } = useConsoleLocation();
  const kind = search.get('kind') ?? '';
  const status = search.get('status') ?? '';
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    settle(
      callRpc(
        client,
        'list_reference_versions',
        { filter_kind: kind || null, filter_status: status || null, filter_key: null },
        versionListSchema,
      ).then((result) => {
        if (!current) return;
        if (result.ok) setVersions(result.value);
        else setError(result.message);
      }),
    );
    return () => {
      current = false;
    };
  }, [client, kind, status]);

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    navigate(`versions${next.size ? `?${next}` : ''}`, { replace: true });
  };
  const decides = context.me.role === 'medical_director' || context.me.role === 'admin';

  return (
    <section className="console-page" aria-labelledby="versions-title">
      <h1 id="versions-title">Protocol and medication versions</h1>
      <p className="muted">
        A change is drafted, approved by a medical director who did not draft it, scheduled, and put in force on its
        date; every rig then pulls it with its change log.
      </p>
      {decides && <StartDraft />}
      <h2>Versions</h2>
      <div className="console-filters">
        <SelectField label="Kind" value={kind} onChange={(v) => setFilter('kind', v)}>
          <option value="">Protocols and medications</option>
          {REFERENCE_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}s
            </option>
          ))}
        </SelectField>
        <SelectField label="Status" value={status} onChange={(v) => setFilter('status', v)}>
          <option value="">Any status</option>
          {VERSION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {VERSION_STATUS_LABELS[s]}
            </option>
          ))}
        </SelectField>
      </div>
      {error && (
        <p role="alert" className="console-error">
          {error}
        </p>
      )}
      {!versions && !error && <p>Loading versions…</p>}
      {versions && versions.length === 0 && <p>No version matches.</p>}
      {versions && versions.length > 0 && (
        <table className="console-table" aria-label="Versions">
          <thead>
            <tr>
              <th scope="col">Record</th>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col">Change</th>
              <th scope="col">Drafted</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id}>
                <td data-label="Record">
                  <ConsoleLink to={`versions/${v.id}`}>
                    {KIND_LABELS[v.kind]} {v.key}
                  </ConsoleLink>
                  <div className="muted small">{v.name}</div>
                </td>
                <td data-label="Version" className="num">
                  {v.version}
                </td>
                <td data-label="Status">
                  <span className={`status version-status-${v.status}`}>{VERSION_STATUS_LABELS[v.status]}</span>
                  {v.effectiveDate && <div className="muted small">effective {v.effectiveDate}</div>}
                </td>
                <td data-label="Change" className="details-cell">
                  {v.changeSummary}
                </td>
                <td data-label="Drafted">
                  {v.createdByName ?? (v.source === 'import' ? 'dataset import' : '')}
                  <div className="muted small">{formatTime(v.createdAt)}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * Picks the protocol or medication to change (the draft starts from the version in force), or
 * starts a brand-new one (from an empty record).
 */
function StartDraft() {
  const { client } = useConsole();
  const [kind, setKind] = useState<ReferenceKind>('medication');
  const [records, setRecords] = useState<RecordName[]>([]);
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    settle(
      callRpc(client, 'list_reference_record_names', { kind }, recordNameListSchema).then((result) => {
        if (!current) return;
        if (result.ok) {
          setRecords(result.value);
          setKey('');
        } else setError(result.message);
      }),
    );
    return () => {
      current = false;
    };
  }, [client, kind]);
  const start = (event: FormEvent) => {
    event.preventDefault();
    if (key) navigate(`versions/new?kind=${kind}&key=${encodeURIComponent(key)}`);
  };
  return (
    <div className="start-draft">
      <form className="console-filters" aria-label="Start a draft" onSubmit={start}>
        <SelectField label="Change a" value={kind} onChange={(v) => setKind(v as ReferenceKind)}>
          <option value="medication">Medication</option>
          <option value="protocol">Protocol</option>
        </SelectField>
        <SelectField label={kind === 'medication' ? 'Medication' : 'Protocol'} value={key} onChange={setKey}>
          <option value="">Choose…</option>
          {records.map((r) => (
            <option key={r.key} value={r.key}>
              {kind === 'protocol' ? `TP ${r.key} · ${r.name}` : r.name} (version {r.version})
            </option>
          ))}
        </SelectField>
        <div className="field">
          <button type="submit" className="button primary" disabled={!key}>
            Start a draft
          </button>
        </div>
        {error && (
          <p role="alert" className="console-error">
            {error}
          </p>
        )}
      </form>
      <div className="start-new">
        <p id="start-new-label">Or a record no rig has yet:</p>
        <div className="button-row" role="group" aria-labelledby="start-new-label">
          {REFERENCE_KINDS.map((k) => (
            <ConsoleLink key={k} className="button" to={`versions/new?kind=${k}`}>
              New {KIND_LABELS[k].toLowerCase()}
            </ConsoleLink>
          ))}
        </div>
      </div>
    </div>
  );
}
