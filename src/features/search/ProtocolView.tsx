import { useEffect, useRef, useState } from 'react';
import { useServices } from '../../app/services';
import { useLiveQuery } from '../../app/use-live-query';
import { useUi } from '../../app/ui-store';
import { getProtocol, listProtocolNames } from '../../data/reference-reads';
import { readChangeNote } from '../../data/reference-changes';
import { WhatChanged } from '../../app/WhatChanged';
import { recordProtocolUse } from '../../app/actions/clinical-acts';
import { useActivePatient } from '../../app/active-patient-store';
import { useSearchInput } from './search-input-store';
import type { SectionKind } from '../../domain/protocols/schema';
import { runAction } from '../../app/run-action';

const SECTION_CLASS: Record<SectionKind, string> = {
  assessment: 'section-assessment',
  treatment: 'section-treatment',
  base_contact: 'section-base',
  notes: 'section-notes',
};

/** One protocol, in its sections. Opening it records a "viewed" use; "Apply" records an "applied" one. */
export function ProtocolView({ tpCode }: { tpCode: string }) {
  const { db } = useServices();
  const { go, openProtocol, openDosing } = useUi();
  const query = useSearchInput((s) => s.query);
  const patient = useActivePatient((s) => s.active);
  const protocol = useLiveQuery(() => getProtocol(db, tpCode), [db, tpCode]);
  const names = useLiveQuery(() => listProtocolNames(db), [db]);
  const changeNote = useLiveQuery(() => readChangeNote(db, 'protocol', tpCode.toUpperCase()), [db, tpCode]);
  const [applied, setApplied] = useState(false);
  const recorded = useRef<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const found = protocol.value?.protocol;
  const datasetVersion = protocol.value?.datasetVersion ?? null;

  useEffect(() => {
    heading.current?.focus();
    setApplied(false);
  }, [tpCode]);

  useEffect(() => {
    // Record each opening once, also under React's StrictMode double effects.
    if (!found || recorded.current === tpCode) return;
    recorded.current = tpCode;
    recordProtocolUse(db, 'viewed', {
      tpCode,
      query: query.trim() || null,
      contextId: patient?.id ?? null,
      datasetVersion,
    }).catch((error: unknown) =>
      console.error('Opening the protocol could not be recorded', error instanceof Error ? error.message : error),
    );
  }, [found, tpCode, db, query, patient?.id, datasetVersion]);

  if (protocol.value === undefined && !protocol.error) return <p role="status">Opening {tpCode}…</p>;
  if (!found) {
    return (
      <section className="panel">
        <h1 id="screen-title">Protocol {tpCode} not found</h1>
        <p>This device’s dataset has no protocol {tpCode}. Check the code, or go back and search by name.</p>
        <button type="button" className="button" onClick={() => go('search')}>
          Back to search
        </button>
      </section>
    );
  }

  async function apply() {
    await recordProtocolUse(db, 'applied', {
      tpCode,
      query: query.trim() || null,
      contextId: patient?.id ?? null,
      datasetVersion,
    });
    setApplied(true);
  }

  return (
    <article className="panel protocol" aria-labelledby="screen-title">
      <div className="protocol-actions">
        <button type="button" className="button" onClick={() => go('search')}>
          ← Results
        </button>
        <button
          type="button"
          className="button primary"
          onClick={() => runAction('Recording that the protocol was applied', apply)}
          disabled={applied}
        >
          {applied ? 'Applied ✓' : patient ? 'Apply to patient' : 'Apply'}
        </button>
      </div>
      <h1 id="screen-title" ref={heading} tabIndex={-1}>
        <span className="code-chip large">TP {found.tp_code}</span> {found.name}
      </h1>
      <p className="protocol-meta">
        {found.population === 'pediatric' ? 'Pediatric' : 'Adult'} · {found.category} · effective {found.effective_date}
        {found.provider_impressions.length > 0 && <> · PI {found.provider_impressions.join(', ')}</>}
      </p>
      {changeNote.value && <WhatChanged note={changeNote.value} pulledAt={changeNote.value.pulled_at} />}

      {found.sections.map((section) => (
        <section key={section.kind} className={`protocol-section ${SECTION_CLASS[section.kind]}`}>
          <h2>{section.title}</h2>
          {section.kind === 'treatment' ? (
            <ol>
              {section.items.map((item, i) => (
                <li key={i}>{item}</li>
              ))}
            </ol>
          ) : (
            <ul>
              {section.items.map((item, i) => (
                <li key={i}>{item}</li>
              ))}
            </ul>
          )}
        </section>
      ))}

      {found.medications.length > 0 && (
        <section className="protocol-section">
          <h2>Medications</h2>
          <ul className="med-links">
            {found.medications.map((m, i) => (
              <li key={`${m.medication_id}-${i}`}>
                <button type="button" className="med-link" onClick={() => openDosing(m.medication_id)}>
                  <strong>{m.medication_id.replace(/-/g, ' ')}</strong>
                  <span>
                    {m.routes.join(' / ')}
                    {m.indication ? ` · ${m.indication}` : ''}
                  </span>
                  <span className="dose-text">{m.dose_text}</span>
                  <span className="go">Dose →</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      {found.related.length > 0 && (
        <section className="protocol-section">
          <h2>Related protocols</h2>
          <ul className="chip-list">
            {found.related.map((code) => (
              <li key={code}>
                <button type="button" className="result" onClick={() => openProtocol(code)}>
                  <span className="code-chip">{code}</span>
                  <span className="result-name">{names.value?.get(code) ?? ''}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
