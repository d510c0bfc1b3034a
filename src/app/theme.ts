export const THEMES = ['light', 'dark', 'sunlight'] as const;
export type Theme = (typeof THEMES)[number];

/** Where the crew's choice of theme is kept on the device. */
export const THEME_KEY = 'rigside.theme';

/**
 * The theme a page starts in: the one chosen on this device, else the system's light or dark.
 * Self-contained, because the build also puts it in index.html's head (vite.config.ts), where it
 * paints the right theme from the first frame and reads localStorage while the page still waits
 * for its scripts: the first read of localStorage loads it from disk, synchronously, and took
 * 20 ms or more of the main thread when it happened during the app's start (issue 13).
 */
export function startingTheme(key: string, themes: readonly string[]): Theme {
  // Typed by hand: this file is also compiled for the build's config, which has no DOM types.
  const page = globalThis as {
    localStorage?: { getItem(key: string): string | null };
    matchMedia?: (query: string) => { matches: boolean };
  };
  let saved: string | null = null;
  try {
    saved = page.localStorage?.getItem(key) ?? null;
  } catch {
    // Storage blocked (a privacy setting): the system's choice below.
  }
  if (saved !== null && themes.includes(saved)) return saved as Theme;
  return page.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}
