import { create } from 'zustand';

export const SCREENS = ['search', 'dosing', 'patient', 'narrative', 'sync'] as const;
export type Screen = (typeof SCREENS)[number];

export const THEMES = ['light', 'dark', 'sunlight'] as const;
export type Theme = (typeof THEMES)[number];

const THEME_KEY = 'rigside.theme';

function screenFromHash(hash: string): Screen {
  const name = hash.replace(/^#\/?/, '');
  return (SCREENS as readonly string[]).includes(name) ? (name as Screen) : 'search';
}

function initialTheme(): Theme {
  const saved = globalThis.localStorage?.getItem(THEME_KEY);
  if (saved && (THEMES as readonly string[]).includes(saved)) return saved as Theme;
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

interface UiState {
  screen: Screen;
  theme: Theme;
  online: boolean;
  go(screen: Screen): void;
  setTheme(theme: Theme): void;
  setOnline(online: boolean): void;
  syncFromLocation(): void;
}

/** Screen, theme and connectivity: the shell's whole state. The screen lives in the URL hash so a reload keeps it. */
export const useUi = create<UiState>((set) => ({
  screen: screenFromHash(globalThis.location?.hash ?? ''),
  theme: initialTheme(),
  online: globalThis.navigator?.onLine ?? true,
  go(screen) {
    if (globalThis.location) globalThis.location.hash = `/${screen}`;
    set({ screen });
  },
  setTheme(theme) {
    globalThis.localStorage?.setItem(THEME_KEY, theme);
    set({ theme });
  },
  setOnline(online) {
    set({ online });
  },
  syncFromLocation() {
    set({ screen: screenFromHash(globalThis.location?.hash ?? '') });
  },
}));
