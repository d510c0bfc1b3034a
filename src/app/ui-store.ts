import { create } from 'zustand';

export const SCREENS = ['search', 'dosing', 'patient', 'narrative', 'sync'] as const;
export type Screen = (typeof SCREENS)[number];

export const THEMES = ['light', 'dark', 'sunlight'] as const;
export type Theme = (typeof THEMES)[number];

const THEME_KEY = 'rigside.theme';

interface Location {
  screen: Screen;
  /** The protocol open on the Search screen (`#/protocol/1211`), if any. */
  protocol: string | null;
  /** The medication picked for the Dosing screen (`#/dosing/epinephrine`), if any. */
  medication: string | null;
}

export function parseHash(hash: string): Location {
  const [name = '', arg] = hash.replace(/^#\/?/, '').split('/');
  const param = arg ? decodeURIComponent(arg) : null;
  if (name === 'protocol' && param) return { screen: 'search', protocol: param, medication: null };
  if (name === 'dosing') return { screen: 'dosing', protocol: null, medication: param };
  const screen = (SCREENS as readonly string[]).includes(name) ? (name as Screen) : 'search';
  return { screen, protocol: null, medication: null };
}

function initialTheme(): Theme {
  const saved = globalThis.localStorage?.getItem(THEME_KEY);
  if (saved && (THEMES as readonly string[]).includes(saved)) return saved as Theme;
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

interface UiState extends Location {
  theme: Theme;
  online: boolean;
  go(screen: Screen): void;
  openProtocol(tpCode: string): void;
  openDosing(medicationId: string): void;
  setTheme(theme: Theme): void;
  setOnline(online: boolean): void;
  syncFromLocation(): void;
}

/** Screen, theme and connectivity: the shell's whole state. Where the user is lives in the URL hash so a reload keeps it. */
export const useUi = create<UiState>((set) => ({
  ...parseHash(globalThis.location?.hash ?? ''),
  theme: initialTheme(),
  online: globalThis.navigator?.onLine ?? true,
  go(screen) {
    if (globalThis.location) globalThis.location.hash = `/${screen}`;
    set({ screen, protocol: null, medication: null });
  },
  openProtocol(tpCode) {
    if (globalThis.location) globalThis.location.hash = `/protocol/${encodeURIComponent(tpCode)}`;
    set({ screen: 'search', protocol: tpCode, medication: null });
  },
  openDosing(medicationId) {
    if (globalThis.location) globalThis.location.hash = `/dosing/${encodeURIComponent(medicationId)}`;
    set({ screen: 'dosing', protocol: null, medication: medicationId });
  },
  setTheme(theme) {
    globalThis.localStorage?.setItem(THEME_KEY, theme);
    set({ theme });
  },
  setOnline(online) {
    set({ online });
  },
  syncFromLocation() {
    set(parseHash(globalThis.location?.hash ?? ''));
  },
}));
