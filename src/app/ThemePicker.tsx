import { THEMES, useUi, type Theme } from './ui-store';

const LABELS: Record<Theme, string> = { light: 'Light', dark: 'Dark', sunlight: 'Sunlight' };

/** One large button that cycles light -> dark -> sunlight, so it fits the header on a phone. */
export function ThemePicker() {
  const { theme, setTheme } = useUi();
  const next = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length] ?? 'light';
  return (
    <button
      type="button"
      className="theme-button"
      aria-label={`Display: ${LABELS[theme]}. Switch to ${LABELS[next]}`}
      onClick={() => setTheme(next)}
    >
      <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeWidth="2.5" />
        <path d="M12 3a9 9 0 0 1 0 18z" fill="currentColor" />
      </svg>
      <span>{LABELS[theme]}</span>
    </button>
  );
}
