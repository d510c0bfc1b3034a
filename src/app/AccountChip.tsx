import { useServices } from './services';
import { useUi } from './ui-store';
import { useLiveQuery } from './use-live-query';
import { readCrew } from '../data/crew';

/** Who is signed in on this device, on every screen; "Sign in" when nobody is. */
export function AccountChip() {
  const { db, sync } = useServices();
  const { go, openSignIn } = useUi();
  const crew = useLiveQuery(() => readCrew(db), [db]);
  if (!sync) return null;
  if (crew.value === undefined) return null;
  if (crew.value === null) {
    return (
      <button type="button" className="button account-chip" onClick={openSignIn}>
        Sign in
      </button>
    );
  }
  return (
    <button type="button" className="button account-chip" onClick={() => go('sync')} aria-label={`Signed in as ${crew.value.fullName}: Sync status`}>
      {crew.value.fullName}
    </button>
  );
}
