import { create } from 'zustand';

export const SCREENS = ['search', 'dosing', 'patient', 'narrative', 'sync'] as const;
export type Screen = (typeof SCREENS)[number];

import { startingTheme, THEME_KEY, THEMES, type Theme } from './theme';

export { THEMES, type Theme };

interface Location {
  screen: Screen;
  /** The protocol open on the Search screen (`#/protocol/1211`), if any. */
  protocol: string | null;
  /** The medication picked for the Dosing screen (`#/dosing/epinephrine`), if any. */
  medication: string | null;
  /** The sign-in form is open (`#/sign-in`), over the current tab. */
  signIn: boolean;
}

export function parseHash(hash: string): Location {
  const [name = '', arg] = hash.replace(/^#\/?/, '').split('/');
  const param = arg ? decodeURIComponent(arg) : null;
  if (name === 'protocol' && param) return { screen: 'search', protocol: param, medication: null, signIn: false };
  if (name === 'dosing') return { screen: 'dosing', protocol: null, medication: param, signIn: false };
  if (name === 'sign-in') return { screen: 'sync', protocol: null, medication: null, signIn: true };
  const screen = (SCREENS as readonly string[]).includes(name) ? (name as Screen) : 'search';
  return { screen, protocol: null, medication: null, signIn: false };
}

interface UiState extends Location {
  theme: Theme;
  online: boolean;
  /** An action the crew started that failed (a write, a send), until they dismiss it. */
  problem: string | null;
  reportProblem: (message: string) => void;
  dismissProblem: () => void;
  go: (screen: Screen) => void;
  openProtocol: (tpCode: string) => void;
  openDosing: (medicationId: string) => void;
  openSignIn: () => void;
  setTheme: (theme: Theme) => void;
  setOnline: (online: boolean) => void;
  syncFromLocation: () => void;
}

/** Screen, theme, connectivity and the last failed action: the shell's whole state. Where the user is lives in the URL hash so a reload keeps it. */
export const useUi = create<UiState>((set) => ({
  ...parseHash(globalThis.location?.hash ?? ''),
  theme: startingTheme(THEME_KEY, THEMES),
  online: globalThis.navigator?.onLine ?? true,
  problem: null,
  reportProblem(problem) {
    set({ problem });
  },
  dismissProblem() {
    set({ problem: null });
  },
  go(screen) {
    if (globalThis.location) globalThis.location.hash = `/${screen}`;
    set({ screen, protocol: null, medication: null, signIn: false });
  },
  openSignIn() {
    if (globalThis.location) globalThis.location.hash = '/sign-in';
    set({ screen: 'sync', protocol: null, medication: null, signIn: true });
  },
  openProtocol(tpCode) {
    if (globalThis.location) globalThis.location.hash = `/protocol/${encodeURIComponent(tpCode)}`;
    set({ screen: 'search', protocol: tpCode, medication: null, signIn: false });
  },
  openDosing(medicationId) {
    if (globalThis.location) globalThis.location.hash = `/dosing/${encodeURIComponent(medicationId)}`;
    set({ screen: 'dosing', protocol: null, medication: medicationId, signIn: false });
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
