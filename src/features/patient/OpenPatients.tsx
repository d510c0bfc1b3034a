import { useServices } from '../../app/services';
import { useLiveQuery } from '../../app/use-live-query';
import { listContexts } from '../../data/patient-contexts';

/** Patients opened on this device in the last 24 hours, to pick one up again. */
export function OpenPatients({ onOpen }: { onOpen: (id: string) => void }) {
  const { db } = useServices();
  const contexts = useLiveQuery(() => listContexts(db), [db]);
  if (!contexts.value?.length) return null;
  return (
    <>
      <h2>Open patients (kept 24 hours)</h2>
      <ul className="chip-list">
        {contexts.value.map((c) => (
          <li key={c.id}>
            <button type="button" className="result" onClick={() => onOpen(c.id)}>
              <span className="result-name">Started {new Date(c.createdAt).toLocaleTimeString()}</span>
              <span className="uses">open</span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
