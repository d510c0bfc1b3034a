import { useState } from 'react';
import { useServices } from '../../app/services';
import { discardDeadLetter, retryDeadLetter } from '../../app/actions/dead-letters';
import type { DeadLetter } from '../../domain/outbox/event';
import { download } from '../../app/download';
import { runAction } from '../../app/run-action';

/** Records the server refused, with its reason: retry, export or discard (reason and a second confirmation). */
export function DeadLetterList({ letters }: { letters: DeadLetter[] }) {
  if (letters.length === 0) return <p>None.</p>;
  return (
    <ol className="event-list" data-testid="dead-letters">
      {letters.map((letter) => (
        <DeadLetterItem key={letter.id} letter={letter} />
      ))}
    </ol>
  );
}

function DeadLetterItem({ letter }: { letter: DeadLetter }) {
  const { db } = useServices();
  const [discarding, setDiscarding] = useState<'no' | 'reason' | 'confirm'>('no');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const label = `${letter.kind.replaceAll('_', ' ')} of ${new Date(letter.createdAt).toLocaleString()}`;

  async function discard() {
    const result = await discardDeadLetter(db, letter.id, reason);
    if (!result.ok) setError(result.message);
  }

  return (
    <li>
      <p>
        <strong>{label}</strong>: {letter.code}. {letter.reason}
      </p>
      <div className="protocol-actions">
        <button
          type="button"
          className="button"
          onClick={() => runAction('Putting the record back in the queue', () => retryDeadLetter(db, letter.id))}
          aria-label={`Retry ${label}`}
        >
          Retry
        </button>
        <button
          type="button"
          className="button"
          onClick={() => download(`rigside-refused-${letter.id}.json`, JSON.stringify(letter, null, 2))}
          aria-label={`Export ${label}`}
        >
          Export
        </button>
        <button
          type="button"
          className="button"
          onClick={() => setDiscarding('reason')}
          aria-label={`Discard ${label}`}
        >
          Discard
        </button>
      </div>
      {discarding !== 'no' && (
        <div className="refusal">
          <label className="field">
            <span>Why discard it? (no patient details)</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
          </label>
          {discarding === 'reason' ? (
            <button
              type="button"
              className="button"
              disabled={reason.trim().length < 3}
              onClick={() => setDiscarding('confirm')}
            >
              Discard…
            </button>
          ) : (
            <button type="button" className="button danger" onClick={() => runAction('Discarding the record', discard)}>
              Yes, discard it for good
            </button>
          )}
          <button type="button" className="button" onClick={() => setDiscarding('no')}>
            Keep it
          </button>
          {error && <p role="alert">{error}</p>}
        </div>
      )}
    </li>
  );
}
