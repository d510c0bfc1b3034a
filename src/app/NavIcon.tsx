import type { Screen } from './ui-store';

const PATHS: Record<Screen, string> = {
  search: 'M10 3a7 7 0 1 0 4.2 12.6l5.6 5.6 1.4-1.4-5.6-5.6A7 7 0 0 0 10 3zm0 2a5 5 0 1 1 0 10 5 5 0 0 1 0-10z',
  dosing: 'M7 2h10v2h-2v3l4 4v11H5V11l4-4V4H7zm4 2v4l-4 4v8h10v-8l-4-4V4zm0 9h2v2h2v2h-2v2h-2v-2H9v-2h2z',
  patient: 'M12 2a5 5 0 1 1 0 10 5 5 0 0 1 0-10zm0 12c5 0 9 2.5 9 6v2H3v-2c0-3.5 4-6 9-6z',
  narrative: 'M5 2h10l5 5v15H5zm9 1.5V8h4.5M8 11h9v2H8zm0 4h9v2H8z',
  sync: 'M12 4a8 8 0 0 1 7.7 6H22l-3.5 4-3.5-4h2.6A6 6 0 0 0 6.3 8.6L4.8 7.3A8 8 0 0 1 12 4zm-6.5 6L9 14H6.4a6 6 0 0 0 11.3 1.4l1.5 1.3A8 8 0 0 1 4.3 14H2z',
};

export function NavIcon({ screen }: { screen: Screen }) {
  return (
    <svg className="nav-icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
      <path d={PATHS[screen]} fill="currentColor" fillRule="evenodd" />
    </svg>
  );
}
