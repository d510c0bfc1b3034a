import { lazy, Suspense, useEffect } from 'react';
import { SCREENS, useUi, type Screen } from './ui-store';
import { ConnectivityBadge } from './ConnectivityBadge';
import { ThemePicker } from './ThemePicker';
import { UpdateBanner } from './UpdateBanner';
import { NavIcon } from './NavIcon';
import { SearchScreen } from '../features/search/SearchScreen';

// Search is the first screen and ships in the main chunk; the others load when first opened
// (they are precached, so offline too), keeping the code parsed before the first search small.
const DosingScreen = lazy(() => import('../features/dosing/DosingScreen').then((m) => ({ default: m.DosingScreen })));
const PatientScreen = lazy(() =>
  import('../features/patient/PatientScreen').then((m) => ({ default: m.PatientScreen })),
);
const NarrativeScreen = lazy(() =>
  import('../features/narrative/NarrativeScreen').then((m) => ({ default: m.NarrativeScreen })),
);
const SyncScreen = lazy(() => import('../features/sync/SyncScreen').then((m) => ({ default: m.SyncScreen })));
const SignInScreen = lazy(() => import('../features/account/SignInScreen').then((m) => ({ default: m.SignInScreen })));
const SignInPrompt = lazy(() => import('./SignInPrompt').then((m) => ({ default: m.SignInPrompt })));
import { ProblemBanner } from './ProblemBanner';
import { useFirstIdle } from './idle';
import { useSync } from './services';

export const SCREEN_LABELS: Record<Screen, string> = {
  search: 'Search',
  dosing: 'Dosing',
  patient: 'Patient',
  narrative: 'Narrative',
  sync: 'Sync',
};

const SCREEN_COMPONENTS: Record<Screen, React.ComponentType> = {
  search: SearchScreen,
  dosing: DosingScreen,
  patient: PatientScreen,
  narrative: NarrativeScreen,
  sync: SyncScreen,
};

export function App() {
  const { screen, signIn, protocol, theme, go, setOnline, syncFromLocation } = useUi();
  const sync = useSync();
  const idle = useFirstIdle();

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    const online = () => setOnline(true);
    const offline = () => setOnline(false);
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    window.addEventListener('hashchange', syncFromLocation);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      window.removeEventListener('hashchange', syncFromLocation);
    };
  }, [setOnline, syncFromLocation]);

  const Current = signIn ? SignInScreen : SCREEN_COMPONENTS[screen];
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand" aria-label="Rigside">
          Rigside
        </span>
        <ConnectivityBadge />
        <ThemePicker />
      </header>
      <UpdateBanner />
      <ProblemBanner />
      {screen === 'search' && !protocol && !signIn && sync && idle && (
        <Suspense fallback={null}>
          <SignInPrompt />
        </Suspense>
      )}
      <main id="main" className="screen" tabIndex={-1} aria-labelledby="screen-title">
        <Suspense fallback={<p role="status">Opening…</p>}>
          <Current />
        </Suspense>
      </main>
      <nav className="tabbar" aria-label="Screens">
        {SCREENS.map((s) => (
          <button
            key={s}
            type="button"
            className="tab"
            aria-current={s === screen ? 'page' : undefined}
            onClick={() => go(s)}
          >
            <NavIcon screen={s} />
            <span>{SCREEN_LABELS[s]}</span>
          </button>
        ))}
      </nav>
    </div>
  );
}
