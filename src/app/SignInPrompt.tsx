import { useServices } from './services';
import { useUi } from './ui-store';
import { useFirstIdle, useLiveQuery } from './use-live-query';

/** On the first screen while nobody is signed in: records wait on the device until someone does. */
export function SignInPrompt() {
  const { db, sync } = useServices();
  const openSignIn = useUi((s) => s.openSignIn);
  // Read once the page is idle (the crew module, its schema, loaded then): the prompt can show a
  // moment after the search box.
  const idle = useFirstIdle();
  const crew = useLiveQuery(
    () => (idle ? import('../data/crew').then(({ readCrew }) => readCrew(db)) : Promise.resolve(undefined)),
    [db, idle],
  );
  if (!sync || crew.value !== null) return null;
  return (
    <div className="sign-in-prompt">
      <span>Nobody is signed in: records stay on this device until you sign in.</span>
      <button type="button" className="button primary" onClick={openSignIn}>
        Sign in
      </button>
    </div>
  );
}
