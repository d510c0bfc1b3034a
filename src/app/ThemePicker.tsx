import { THEMES, useUi, type Theme } from './ui-store';

const LABELS: Record<Theme, string> = { light: 'Light', dark: 'Dark', sunlight: 'Sunlight' };

export function ThemePicker() {
  const { theme, setTheme } = useUi();
  return (
    <div className="theme-picker" role="group" aria-label="Display mode">
      {THEMES.map((t) => (
        <button key={t} type="button" aria-pressed={t === theme} onClick={() => setTheme(t)}>
          {LABELS[t]}
        </button>
      ))}
    </div>
  );
}
