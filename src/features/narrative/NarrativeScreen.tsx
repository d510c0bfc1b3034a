import { useEffect, useRef, useState } from 'react';
import { useServices } from '../../app/services';
import { useLiveQuery } from '../../app/use-live-query';
import {
  closeCall,
  composeFromRecord,
  exportCall,
  hasEdits,
  keepDraft,
  openNarrative,
  saveNarrative,
} from '../../app/actions/narratives';
import { draftContextIds, type NarrativeDraft } from '../../data/narratives';
import { loadContext } from '../../data/patient-contexts';
import { NARRATIVE_FORMATS, type NarrativeFormat } from '../../domain/narratives/templates';
import type { ExportWarning } from '../../domain/nemsis/export';
import type { PatientContext } from '../../domain/patient/context';
import { useActivePatient } from '../../app/active-patient-store';
import { download } from '../../app/download';
import { runAction } from '../../app/run-action';
import { CallForm } from './CallForm';
import './narrative.css';

const FORMAT_LABELS: Record<NarrativeFormat, string> = { soap: 'SOAP', chart: 'CHART', chronological: 'Chronological' };

/** The narrative of the open patient: drafted offline from the record, edited freely, every edit kept. */
export function NarrativeScreen() {
  const active = useActivePatient((s) => s.active);
  return (
    <section className="panel narrative">
      <h1 id="screen-title">Narrative</h1>
      {active ? <NarrativeEditor key={active.id} context={active.context} /> : <NoPatient />}
    </section>
  );
}

function NoPatient() {
  const { db } = useServices();
  const setActive = useActivePatient((s) => s.setActive);
  const drafts = useLiveQuery(() => draftContextIds(db), [db]);
  const contexts = useLiveQuery(() => db.patientContexts.bulkGet(drafts.value ?? []), [db, drafts.value]);
  const [error, setError] = useState<string | null>(null);
  const open = async (id: string) => {
    const context = await loadContext(db, id);
    if (context) setActive(context);
    else setError('That patient has expired (24 hours) and was removed, with the narrative.');
  };
  const live = (contexts.value ?? []).filter((c) => c !== undefined);
  return (
    <>
      <p>Open a patient on the Patient tab to draft the narrative from their record.</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {live.length > 0 && (
        <>
          <h2>Narratives in progress</h2>
          <ul className="chip-list">
            {live.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  className="result"
                  onClick={() => runAction('Opening the narrative', () => open(c.id))}
                >
                  <span className="result-name">
                    Patient started{' '}
                    {new Date(c.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
                  </span>
                  <span className="uses">continue</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function NarrativeEditor({ context }: { context: PatientContext }) {
  const { db } = useServices();
  const [draft, setDraft] = useState<NarrativeDraft | null>(null);
  const [confirmReplace, setConfirmReplace] = useState<NarrativeFormat | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<{ fileName: string; warnings: ExportWarning[] } | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  // Every edit is kept; while one write is under way only the newest edit waits for the next
  // (sealing each keystroke in turn would fall behind fast typing).
  const pending = useRef<NarrativeDraft | null>(null);
  const writing = useRef<Promise<void> | null>(null);
  const [keeping, setKeeping] = useState(false);

  useEffect(() => {
    let cancelled = false;
    openNarrative(db, context).then(
      (d) => !cancelled && setDraft(d),
      (e: unknown) =>
        !cancelled && setError(`The saved draft could not be opened: ${e instanceof Error ? e.message : String(e)}`),
    );
    return () => {
      cancelled = true;
    };
  }, [db, context]);

  if (!draft)
    return error ? (
      <p className="error" role="alert">
        {error}
      </p>
    ) : (
      <p>Opening the narrative…</p>
    );

  const keep = (next: NarrativeDraft) => {
    setDraft(next);
    pending.current = next;
    if (writing.current) return;
    setKeeping(true);
    writing.current = (async () => {
      try {
        for (let newest = pending.current; newest; newest = pending.current) {
          pending.current = null;
          await keepDraft(db, context, newest);
        }
      } catch (e) {
        setError(`This edit was not kept: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        writing.current = null;
        setKeeping(false);
      }
    })();
  };
  const edits = () => writing.current ?? Promise.resolve();

  const generate = async (format: NarrativeFormat) => {
    setConfirmReplace(null);
    const text = await composeFromRecord(db, context, format);
    keep({ ...draft, format, text, generated: text });
    setStatus(`Drafted in ${FORMAT_LABELS[format]} from the patient record. Edit it freely.`);
  };

  const requestDraft = (format: NarrativeFormat) => {
    if (hasEdits(draft)) setConfirmReplace(format);
    else runAction('Drafting the narrative', () => generate(format));
  };

  const save = async () => {
    setError(null);
    try {
      await edits();
      const saved = await saveNarrative(db, context, draft);
      setDraft(saved);
      setStatus(`Saved as version ${saved.savedVersions}. It is sent when the device is online.`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const exportXml = async () => {
    setExportError(null);
    setExported(null);
    await edits();
    const result = await exportCall(db, context, draft);
    if (!result.ok) {
      setExportError(result.message);
      return;
    }
    setDraft(result.draft);
    download(result.fileName, result.xml, 'application/xml');
    setExported({ fileName: result.fileName, warnings: result.warnings });
  };

  const close = async () => {
    setExportError(null);
    await edits();
    const result = await closeCall(db, context, draft);
    if (!result.ok) {
      setExportError(result.message);
      return;
    }
    setDraft(result.draft);
  };

  const edited = hasEdits(draft);
  return (
    <>
      <fieldset className="segmented narrative-formats">
        <legend>Draft the narrative as</legend>
        {NARRATIVE_FORMATS.map((f) => (
          <button key={f} type="button" aria-pressed={draft.format === f} onClick={() => requestDraft(f)}>
            {FORMAT_LABELS[f]}
          </button>
        ))}
      </fieldset>
      {confirmReplace && (
        <div className="notice-box" role="alertdialog" aria-labelledby="replace-title">
          <p id="replace-title" className="notice">
            Replace your edits with a new {FORMAT_LABELS[confirmReplace]} draft? Your edited text will be lost.
          </p>
          <div className="protocol-actions">
            <button type="button" className="button" onClick={() => setConfirmReplace(null)} autoFocus>
              Keep my edits
            </button>
            <button
              type="button"
              className="button primary"
              onClick={() => runAction('Drafting the narrative', () => generate(confirmReplace))}
            >
              Replace with new draft
            </button>
          </div>
        </div>
      )}
      <label htmlFor="narrative-text" className="visually-hidden">
        Narrative text
      </label>
      <textarea
        id="narrative-text"
        className="narrative-text"
        value={draft.text}
        placeholder="Tap a format above to draft from the patient record, or write here."
        spellCheck
        onChange={(e) => keep({ ...draft, text: e.target.value })}
      />
      <p className="narrative-state" aria-live="polite">
        {edited ? 'Edited' : draft.text ? 'As drafted' : 'Empty'} ·{' '}
        {keeping ? 'keeping…' : 'kept sealed on this device'}
        {draft.savedVersions > 0
          ? ` · ${draft.savedVersions} saved version${draft.savedVersions === 1 ? '' : 's'}`
          : ''}
        {draft.saved !== null && draft.text.trim() !== draft.saved ? ' · changed since saved' : ''}
      </p>
      {status && (
        <p className="notice" role="status">
          {status}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        className="button primary wide"
        disabled={draft.text.trim() === ''}
        onClick={() => runAction('Saving the narrative', save)}
      >
        Save narrative
      </button>

      <h2>Call details for the NEMSIS report</h2>
      <CallForm form={draft.callForm ?? {}} onChange={(callForm) => keep({ ...draft, callForm })} />
      <button type="button" className="button wide" onClick={() => runAction('Exporting the NEMSIS XML', exportXml)}>
        Export NEMSIS XML
      </button>
      {draft.closedAt ? (
        <p className="notice" role="status" data-testid="call-closed">
          Call closed at {new Date(draft.closedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}: the
          server hands it to the ePCR once this device has sent it. Sync status shows how that went.
        </p>
      ) : (
        <button type="button" className="button primary wide" onClick={() => runAction('Closing the call', close)}>
          Close call and send to the ePCR
        </button>
      )}
      {exportError && (
        <p className="error" role="alert">
          {exportError}
        </p>
      )}
      {exported && (
        <p className="notice" role="status">
          Exported {exported.fileName} (NEMSIS 3.5.0).
        </p>
      )}
      {exported && exported.warnings.length > 0 && (
        <>
          <h2>For the ePCR to complete</h2>
          <ul className="event-list export-warnings">
            {exported.warnings.map((w) => (
              <li key={`${w.element}-${w.message}`}>
                <strong>{w.element}</strong> {w.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
