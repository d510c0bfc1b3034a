import { useServices } from '../../app/services';
import { useLiveQuery } from '../../app/use-live-query';
import { dosesForContext, readStoredDoses } from '../../data/dosing-records';
import { doseTotals } from './patient-form';

/** The doses recorded for this patient, with running totals; a row that no longer reads is reported, not skipped quietly. */
export function GivenDoses({ contextId }: { contextId: string }) {
  const { db } = useServices();
  const rows = useLiveQuery(() => dosesForContext(db, contextId), [db, contextId]);
  const { doses, unreadable } = readStoredDoses(rows.value ?? []);
  const totals = doseTotals(doses);
  return (
    <>
      <h2>Doses given</h2>
      {unreadable > 0 && (
        <p className="refusal" role="alert" data-testid="unreadable-doses">
          {unreadable} recorded dose(s) could not be read and are not in the list or the totals. Count them from your
          own notes.
        </p>
      )}
      {doses.length > 0 ? (
        <>
          <ol className="event-list" data-testid="given-doses">
            {doses.map((d) => (
              <li key={d.id}>
                <strong>{d.medication}</strong> {d.route ?? ''} {d.dose.value} {d.dose.unit}
                {d.volumeMl !== null ? ` (${d.volumeMl} mL)` : ''} · {new Date(d.at).toLocaleTimeString()}
              </li>
            ))}
          </ol>
          <p data-testid="dose-totals">
            Running totals: {totals.map((t) => `${t.medication} ${t.total} ${t.unit}`).join(' · ')}
          </p>
        </>
      ) : (
        unreadable === 0 && <p>No doses recorded for this patient yet.</p>
      )}
    </>
  );
}
