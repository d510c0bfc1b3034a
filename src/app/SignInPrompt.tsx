import { useServices } from './services';
import { useUi } from './ui-store';
import { useLiveQuery } from './use-live-query';
import { readCrew } from '../data/crew';

/**
 * On the first screen while nobody is signed in: records wait on the device until someone does.
 * Loaded, with the database, once the page is first idle and only where a server is configured
 * (App): the prompt can show a moment after the search box.
 */
export function SignInPrompt() {
  const { db } = useServices();
  const openSignIn = useUi((s) => s.openSignIn);
  const crew = useLiveQuery(() => readCrew(db), [db]);
  if (crew.value !== null) return null;
  return (
    <div className="sign-in-prompt">
      <span>Nobody is signed in: records stay on this device until you sign in.</span>
      <button type="button" className="button primary" onClick={openSignIn}>
        Sign in
      </button>
    </div>
  );
}
