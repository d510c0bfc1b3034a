import { afterEach, describe, expect, it, vi } from 'vitest';
import { startingTheme, THEME_KEY, THEMES } from './theme';

function systemPrefersDark(dark: boolean) {
  vi.stubGlobal('matchMedia', (query: string) => ({ matches: dark && query === '(prefers-color-scheme: dark)' }));
}

describe('the theme a page starts in', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('is the one chosen on this device', () => {
    systemPrefersDark(true);
    localStorage.setItem(THEME_KEY, 'sunlight');
    expect(startingTheme(THEME_KEY, THEMES)).toBe('sunlight');
  });

  it("is the system's light or dark when nothing valid was chosen", () => {
    localStorage.setItem(THEME_KEY, 'neon');
    systemPrefersDark(true);
    expect(startingTheme(THEME_KEY, THEMES)).toBe('dark');
    systemPrefersDark(false);
    expect(startingTheme(THEME_KEY, THEMES)).toBe('light');
  });

  it('survives storage a privacy setting blocks', () => {
    systemPrefersDark(false);
    vi.stubGlobal('localStorage', {
      getItem() {
        throw new DOMException('blocked', 'SecurityError');
      },
    });
    expect(startingTheme(THEME_KEY, THEMES)).toBe('light');
  });

  it('runs on its own, as the build puts it in index.html', () => {
    // The build inlines its source text: it must not reach for anything outside itself.
    systemPrefersDark(false);
    localStorage.setItem(THEME_KEY, 'dark');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating the inlined text is the point
    const inlined = new Function(
      `return (${startingTheme.toString()})(${JSON.stringify(THEME_KEY)}, ${JSON.stringify(THEMES)})`,
    );
    expect((inlined as () => string)()).toBe('dark');
  });
});
