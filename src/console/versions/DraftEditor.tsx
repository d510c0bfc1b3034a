import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { FormularyRecord } from '../../domain/dosing/formulary-schema';
import {
  checkChangeLog,
  checkDraft,
  formularyRecordFromDraft,
  type ChangeLogEntry,
  type MedicationDraft,
  type ReferenceKind,
} from '../../domain/versions/drafts';
import { callRpc } from '../console-client';
import { useConsole } from '../console-context';
import { navigate } from '../router';
import { settle } from '../settle';
import { ChangeLogEditor } from './ChangeLogEditor';
import { RecordForm } from './RecordForm';
import { VersionDiff } from './VersionDiff';
import {
  KIND_LABELS,
  recordListSchema,
  versionDetailSchema,
  versionRowSchema,
  type RecordInForce,
} from './version-schemas';

type Target = { kind: ReferenceKind; key: string; versionId: null } | { versionId: string };

/**
 * Drafting a version: the record in a form (or as JSON for a change of structure), checked as
 * it is typed with the same schemas the device and the server use, the change against the
 * version in force, and the change log. Saving creates the draft (or updates it); submitting
 * is on the version's page.
 */
export function DraftEditor({ target }: { target: Target }) {
  const { client, online } = useConsole();
  const [kind, setKind] = useState<ReferenceKind | null>('kind' in target ? target.kind : null);
  const [key, setKey] = useState<string | null>('key' in target ? target.key : null);
  const [records, setRecords] = useState<RecordInForce[] | null>(null);
  const [record, setRecord] = useState<Record<string, unknown> | null>(null);
  const [changeLog, setChangeLog] = useState<ChangeLogEntry[]>([{ type: 'Revision', section: '', description: '' }]);
  const [json, setJson] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    settle(
      (async () => {
        let k = 'kind' in target ? target.kind : null;
        let startFrom: Record<string, unknown> | null = null;
        if (target.versionId) {
          const version = await callRpc(
            client,
            'get_reference_version',
            { version_id: target.versionId },
            versionDetailSchema,
          );
          if (!current) return;
          if (!version.ok) return setError(version.message);
          if (version.value.status !== 'draft')
            return setError('Only a draft can be edited: this version has moved on. Start a new draft instead.');
          k = version.value.kind;
          setKey(version.value.key);
          startFrom = version.value.content;
          setChangeLog(version.value.changeLog);
        }
        if (!k) return;
        setKind(k);
        const list = await callRpc(client, 'list_reference_records', { kind: k }, recordListSchema);
        if (!current) return;
        if (!list.ok) return setError(list.message);
        setRecords(list.value);
        if (!startFrom && 'key' in target) {
          const inForce = list.value.find((r) => r.key === target.key);
          if (!inForce) return setError(`There is no ${k} ${target.key} in force to start a draft from.`);
          startFrom = structuredClone(inForce.record);
        }
        setRecord(startFrom);
      })(),
    );
    return () => {
      current = false;
    };
  }, [client, target]);

  const inForce = records?.find((r) => r.key === key) ?? null;
  const others = useMemo<FormularyRecord[]>(
    () =>
      kind === 'medication' && records
        ? records.map((r) => formularyRecordFromDraft(r.record as MedicationDraft, r.formularyVersion ?? 'in force'))
        : [],
    [kind, records],
  );
  const check = kind && key && record ? checkDraft(kind, key, record, others) : null;
  const logCheck = checkChangeLog(changeLog);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!kind || !key || !record) return;
    setBusy(true);
    const result = target.versionId
      ? await callRpc(
          client,
          'update_reference_draft',
          { version_id: target.versionId, content: record, change_log: changeLog },
          versionRowSchema,
        )
      : await callRpc(
          client,
          'create_reference_draft',
          { kind, record_key: key, content: record, change_log: changeLog },
          versionRowSchema,
        );
    setBusy(false);
    if (!result.ok) return setError(result.message);
    navigate(`versions/${result.value.id}`);
  }

  if (error && !record)
    return (
      <section className="console-page">
        <p role="alert" className="console-error">
          {error}
        </p>
      </section>
    );
  if (!kind || !key || !record) return <p className="console-card">Loading the record…</p>;

  const title = `${target.versionId ? 'Edit the draft of' : 'New draft of'} ${KIND_LABELS[kind].toLowerCase()} ${key}`;
  return (
    <section className="console-page draft-editor" aria-labelledby="draft-title">
      <h1 id="draft-title">{title}</h1>
      <p className="muted">
        {inForce ? `Version ${inForce.version} is in force. ` : 'Nothing of this record is in force yet. '}
        The same checks as the rigs run on every change you type; a medical director other than you approves it.
      </p>
      <form onSubmit={(e) => settle(save(e))} className="draft-columns">
        <div className="draft-record">
          <div className="button-row">
            <button
              type="button"
              className="button small"
              aria-pressed={json !== null}
              onClick={() => {
                if (json === null) setJson(JSON.stringify(record, null, 2));
                else setJson(null);
              }}
            >
              {json === null ? 'Edit as JSON (to add or remove rules)' : 'Back to the form'}
            </button>
          </div>
          {json === null ? (
            <RecordForm record={record} onChange={setRecord} />
          ) : (
            <label className="field">
              <span>The record as JSON</span>
              <textarea
                className="json-editor"
                rows={30}
                value={json}
                spellCheck={false}
                onChange={(e) => {
                  setJson(e.target.value);
                  try {
                    const parsed: unknown = JSON.parse(e.target.value);
                    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
                      setRecord(parsed as Record<string, unknown>);
                  } catch {
                    // Half-typed JSON: the form keeps the last whole record until this parses.
                  }
                }}
              />
            </label>
          )}
        </div>
        <aside className="draft-side" aria-label="Check, changes and change log">
          <h2>Check</h2>
          <div aria-live="polite" data-testid="draft-check">
            {check?.ok && logCheck.ok ? (
              <p className="check-ok">Devices can use this draft.</p>
            ) : (
              <ul className="check-problems">
                {[...(check && !check.ok ? check.error.problems : []), ...(!logCheck.ok ? logCheck.error.problems : [])]
                  .slice(0, 8)
                  .map((p) => (
                    <li key={p}>{p}</li>
                  ))}
              </ul>
            )}
          </div>
          <h2>Changes against version {inForce?.version ?? '—'}</h2>
          <VersionDiff before={inForce?.record ?? null} after={record} />
          <ChangeLogEditor entries={changeLog} onChange={setChangeLog} />
          {error && (
            <p role="alert" className="console-error">
              {error}
            </p>
          )}
          <button type="submit" className="button primary" disabled={busy || !online || !check?.ok || !logCheck.ok}>
            {target.versionId ? 'Save the draft' : 'Save as a draft'}
          </button>
        </aside>
      </form>
    </section>
  );
}
