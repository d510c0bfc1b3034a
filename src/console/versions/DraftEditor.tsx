import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { FormularyRecord } from '../../domain/dosing/formulary-schema';
import {
  checkChangeLog,
  checkDraft,
  checkNewRecordKey,
  formularyRecordFromDraft,
  KEY_FIELDS,
  type ChangeLogEntry,
  type MedicationDraft,
  type ReferenceKind,
} from '../../domain/versions/drafts';
import { callRpc } from '../console-client';
import { useConsole } from '../console-context';
import { navigate } from '../router';
import { settle } from '../settle';
import { ChangeLogEditor } from './ChangeLogEditor';
import { OtherOpenVersions } from './OtherOpenVersions';
import { RecordForm } from './RecordForm';
import { draftSchema, emptyValue } from './record-schema';
import { VersionDiff } from './VersionDiff';
import {
  KIND_LABELS,
  recordListSchema,
  versionDetailSchema,
  versionRowSchema,
  type RecordInForce,
} from './version-schemas';

/** A change to a record in force (key), a brand-new record (key null), or a draft saved before. */
export type DraftTarget = { kind: ReferenceKind; key: string | null; versionId: null } | { versionId: string };

/** The fields that say which record a new one is, asked first. */
const IDENTITY = {
  protocol: { legend: 'Which protocol this is', fields: ['tp_code', 'name', 'population'] },
  medication: { legend: 'Which medication this is', fields: ['id', 'name'] },
} as const;

/**
 * A brand-new record: every field the schema requires, empty (record-schema.ts). The one value
 * given is a protocol's popularity, the search ranking's share learned from use, not clinical
 * content: a protocol no crew has opened yet starts at 0.
 */
function newRecord(kind: ReferenceKind): Record<string, unknown> {
  const empty = emptyValue(draftSchema(kind)) as Record<string, unknown>;
  return kind === 'protocol' ? { ...empty, popularity: 0 } : empty;
}

/** Problems listed at once beside the form; the rest are counted. */
const PROBLEMS_SHOWN = 10;

/**
 * Drafting a version: the record in a form (or as JSON), checked as it is typed with the same
 * schemas the device and the server use, the change against the version in force (against no
 * active version for a brand-new record, whose identity is asked first), and the change log.
 * Saving creates the draft (or updates it); submitting is on the version's page.
 */
export function DraftEditor({ target }: { target: DraftTarget }) {
  const { client, online } = useConsole();
  const isNew = 'key' in target && target.key === null;
  const [kind, setKind] = useState<ReferenceKind | null>('kind' in target ? target.kind : null);
  const [savedKey, setKey] = useState<string | null>('key' in target ? target.key : null);
  const [records, setRecords] = useState<RecordInForce[] | null>(null);
  const [record, setRecord] = useState<Record<string, unknown> | null>(null);
  const [changeLog, setChangeLog] = useState<ChangeLogEntry[]>([
    { type: isNew ? 'Addition' : 'Revision', section: '', description: '' },
  ]);
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
        if (!startFrom && 'key' in target && target.key === null) startFrom = newRecord(k);
        else if (!startFrom && 'key' in target) {
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

  // A new record's key is the one its director types (its id, its protocol code).
  const typedKey = kind && record ? record[KEY_FIELDS[kind]] : undefined;
  const key = isNew ? (typeof typedKey === 'string' ? typedKey : '') : savedKey;
  const inForce = isNew ? null : (records?.find((r) => r.key === key) ?? null);
  const others = useMemo<FormularyRecord[]>(
    () =>
      kind === 'medication' && records
        ? records.map((r) => formularyRecordFromDraft(r.record as MedicationDraft, r.formularyVersion ?? 'in force'))
        : [],
    [kind, records],
  );
  const keyCheck =
    isNew && kind && records
      ? checkNewRecordKey(
          kind,
          key ?? '',
          records.map((r) => r.key),
        )
      : null;
  const recordCheck = kind && key !== null && record ? checkDraft(kind, key, record, others) : null;
  const logCheck = checkChangeLog(changeLog);
  const problems = [
    ...(keyCheck && !keyCheck.ok ? keyCheck.error.problems : []),
    // The key's own problem once, not again in the schema's words.
    ...(recordCheck && !recordCheck.ok
      ? recordCheck.error.problems.filter(
          (p) => !(keyCheck && !keyCheck.ok && kind && p.startsWith(`${KEY_FIELDS[kind]}:`)),
        )
      : []),
    ...(!logCheck.ok ? logCheck.error.problems : []),
  ];
  const usable = recordCheck?.ok === true && (keyCheck?.ok ?? true) && logCheck.ok;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!kind || !key || !record || !usable) return;
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
  if (!kind || key === null || !record) return <p className="console-card">Loading the record…</p>;

  const what = KIND_LABELS[kind].toLowerCase();
  const title = isNew ? `New ${what}` : `${target.versionId ? 'Edit the draft of' : 'New draft of'} ${what} ${key}`;
  return (
    <section className="console-page draft-editor" aria-labelledby="draft-title">
      <h1 id="draft-title">{title}</h1>
      <p className="muted">
        {isNew
          ? `A ${what} no rig has yet: say which ${what} it is first, then fill in the rest. `
          : inForce
            ? `Version ${inForce.version} is in force. `
            : 'Nothing of this record is in force yet. '}
        The same checks as the rigs run on every change you type; a medical director other than you approves it.
      </p>
      {key && <OtherOpenVersions kind={kind} recordKey={key} exceptId={target.versionId} />}
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
              {json === null ? 'Edit as JSON' : 'Back to the form'}
            </button>
          </div>
          {json === null ? (
            <RecordForm
              record={record}
              onChange={setRecord}
              schema={draftSchema(kind)}
              identity={isNew ? IDENTITY[kind] : undefined}
            />
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
            {usable ? (
              <p className="check-ok">Devices can use this draft.</p>
            ) : (
              <>
                <p className="check-lead">
                  {problems.length === 1 ? 'One thing to fix' : `${problems.length} things to fix`} before it can be
                  saved:
                </p>
                <ul className="check-problems">
                  {problems.slice(0, PROBLEMS_SHOWN).map((p, i) => (
                    <li key={`${i} ${p}`}>{p}</li>
                  ))}
                  {problems.length > PROBLEMS_SHOWN && <li>…and {problems.length - PROBLEMS_SHOWN} more</li>}
                </ul>
              </>
            )}
          </div>
          <h2>{inForce ? `Changes against version ${inForce.version}` : 'Changes against no active version'}</h2>
          <VersionDiff kind={kind} before={inForce?.record ?? null} after={record} />
          <ChangeLogEditor entries={changeLog} onChange={setChangeLog} />
          {error && (
            <p role="alert" className="console-error">
              {error}
            </p>
          )}
          <button type="submit" className="button primary" disabled={busy || !online || !usable}>
            {target.versionId ? 'Save the draft' : 'Save as a draft'}
          </button>
        </aside>
      </form>
    </section>
  );
}
