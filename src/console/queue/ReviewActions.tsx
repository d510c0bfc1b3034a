import { useState, type FormEvent } from 'react';
import { settle } from '../settle';
import { callRpc, type RpcName } from '../console-client';
import { useConsole } from '../console-context';
import { SelectField } from '../SelectField';
import { reviewDetailSchema, STATUS_LABELS, type ReviewDetail, type ReviewStatus } from '../schemas';

const STATUS_VERBS: Record<ReviewStatus, string> = {
  new: 'Back to new',
  in_review: 'Back in review',
  needs_correction: 'Ask the crew for a correction',
  closed: 'Close',
};

/**
 * What a medical director or admin does with an item: take it, move it on (a correction needs
 * the request the crew will read), comment, file fallout codes. A supervisor reads only.
 */
export function ReviewActions({ detail, onChange }: { detail: ReviewDetail; onChange: (next: ReviewDetail) => void }) {
  const { client, context, online } = useConsole();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [comment, setComment] = useState('');
  const [fallout, setFallout] = useState('');
  const [falloutNote, setFalloutNote] = useState('');

  if (!detail.mayDecide) {
    return <p className="notice-box">You can read this item. Medical directors and admins take it through review.</p>;
  }

  async function act(fn: RpcName, args: Record<string, unknown>, after?: () => void): Promise<void> {
    setBusy(true);
    const result = await callRpc(client, fn, { review_id: detail.id, ...args }, reviewDetailSchema);
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setError(null);
    onChange(result.value);
    after?.();
  }

  function submitComment(event: FormEvent) {
    event.preventDefault();
    settle(act('add_qi_review_comment', { body: comment }, () => setComment('')));
  }

  function submitFallout(event: FormEvent) {
    event.preventDefault();
    settle(
      act('add_qi_review_fallout', { code: fallout, note: falloutNote || null }, () => {
        setFallout('');
        setFalloutNote('');
      }),
    );
  }

  const disabled = busy || !online;
  const mine = detail.assignee?.id === context.me.id;
  // Codes for the protocols applied in this call first, then the ones for every protocol.
  const applied = new Set(
    detail.protocols.filter((p) => p.action === 'applied').map((p) => p.tpCode.replace(/-P$/, '')),
  );
  const codes = [...context.falloutCodes].sort(
    (a, b) =>
      rank(a.protocols, applied) - rank(b.protocols, applied) ||
      context.falloutCodes.indexOf(a) - context.falloutCodes.indexOf(b),
  );
  const closed = detail.status === 'closed';

  return (
    <div className="review-actions">
      <h2>Review</h2>
      {error && (
        <p role="alert" className="console-error">
          {error}
        </p>
      )}
      {!mine && (
        <button
          type="button"
          className="button primary"
          disabled={disabled}
          onClick={() => settle(act('assign_qi_review', {}))}
        >
          Assign to me
        </button>
      )}

      {detail.nextStatuses.length > 0 && (
        <form className="status-form" aria-label="Move the item on" onSubmit={(e) => e.preventDefault()}>
          <label className="field">
            <span>
              Note
              {detail.nextStatuses.includes('needs_correction')
                ? ' (required to ask for a correction: the crew member reads it on their device)'
                : ''}
              {closed ? ' (required to reopen)' : ''}
            </span>
            <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={3} maxLength={2000} />
          </label>
          <div className="button-row">
            {detail.nextStatuses.map((s) => (
              <button
                key={s}
                type="button"
                className={s === 'closed' ? 'button' : 'button primary'}
                disabled={disabled || ((s === 'needs_correction' || closed) && note.trim() === '')}
                onClick={() =>
                  settle(act('set_qi_review_status', { status: s, note: note.trim() || null }, () => setNote('')))
                }
              >
                {closed && s === 'in_review' ? 'Reopen' : STATUS_VERBS[s]}
              </button>
            ))}
          </div>
          <p className="muted small">Now: {STATUS_LABELS[detail.status]}.</p>
        </form>
      )}

      <form onSubmit={submitComment} aria-label="Add a comment">
        <label className="field">
          <span>Comment</span>
          <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={3} maxLength={4000} />
        </label>
        <button type="submit" className="button" disabled={disabled || comment.trim() === ''}>
          Add comment
        </button>
      </form>

      {!closed && (
        <form onSubmit={submitFallout} aria-label="File a fallout code">
          <SelectField label="Fallout code" value={fallout} onChange={setFallout}>
            <option value="">Choose a code…</option>
            {codes.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code} · {c.name}
                {c.protocols.length > 0 ? ` (TP ${c.protocols.join(', ')})` : ' (every protocol)'}
              </option>
            ))}
          </SelectField>
          <label className="field">
            <span>What deviated (optional)</span>
            <input value={falloutNote} onChange={(e) => setFalloutNote(e.target.value)} maxLength={1000} />
          </label>
          <button type="submit" className="button" disabled={disabled || fallout === ''}>
            File fallout
          </button>
        </form>
      )}
      {!closed && detail.fallouts.length > 0 && (
        <div className="button-row">
          {detail.fallouts.map((f) => (
            <button
              key={f.code}
              type="button"
              className="button small"
              disabled={disabled}
              onClick={() => settle(act('remove_qi_review_fallout', { code: f.code }))}
            >
              Remove {f.code}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

function rank(protocols: string[], applied: Set<string>): number {
  if (protocols.some((p) => applied.has(p))) return 0;
  return protocols.length === 0 ? 1 : 2;
}
