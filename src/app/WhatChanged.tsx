import type { ChangeNote } from '../domain/versions/change-log';
import './what-changed.css';

/** A note is "new" for two weeks after it reached the device: it opens by itself until then. */
const NEW_FOR_MS = 14 * 24 * 3600 * 1000;

/**
 * What changed in the version of a protocol or medication in force on this device, from the
 * change log its medical director wrote (Addition / Revision / Deletion, section, description).
 */
export function WhatChanged({
  note,
  pulledAt,
  what,
  now = Date.now(),
}: {
  note: ChangeNote;
  /** When the note reached this device (ISO); recent notes open by themselves. */
  pulledAt?: string | null;
  /** What the note is about, for its heading ("Epinephrine"). */
  what?: string;
  now?: number;
}) {
  const recent = pulledAt ? now - Date.parse(pulledAt) < NEW_FOR_MS : false;
  return (
    <details className="what-changed" open={recent} data-testid="what-changed">
      <summary>
        What changed{what ? ` in ${what}` : ''}: version {note.version}
        {note.effective_date ? `, effective ${note.effective_date}` : ''}
      </summary>
      <ul>
        {note.change_log.map((entry, i) => (
          <li key={i}>
            <strong>
              {entry.type} · {entry.section}:
            </strong>{' '}
            {entry.description}
          </li>
        ))}
      </ul>
    </details>
  );
}
