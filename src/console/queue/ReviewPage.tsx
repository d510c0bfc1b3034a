import { useEffect, useState } from 'react';
import { settle } from '../settle';
import { callRpc } from '../console-client';
import { useConsole } from '../console-context';
import { formatTime } from '../format';
import { navigate } from '../router';
import { reviewDetailSchema, STATUS_LABELS, type ReviewDetail } from '../schemas';
import { FlagChips } from './FlagChips';
import { ReviewActions } from './ReviewActions';

const HISTORY_LABELS: Record<string, string> = {
  qi_review_assigned: 'took the item',
  qi_review_status_changed: 'moved it',
  qi_review_commented: 'commented',
  qi_review_fallout_added: 'filed a fallout',
  qi_review_fallout_removed: 'removed a fallout',
};

/** One call under review: its records with their flags, and what the reviewer does about it. */
export function ReviewPage({ id }: { id: string }) {
  const { client, context } = useConsole();
  const [detail, setDetail] = useState<ReviewDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    settle(
      callRpc(client, 'get_qi_review', { review_id: id }, reviewDetailSchema).then((result) => {
        if (!current) return;
        if (result.ok) setDetail(result.value);
        else
          setError(
            result.code === 'PT404' ? 'There is no review item with this id in your department.' : result.message,
          );
      }),
    );
    return () => {
      current = false;
    };
  }, [client, id]);

  const back = (
    <a
      href="/console/queue"
      onClick={(e) => {
        e.preventDefault();
        if (history.length > 1) history.back();
        else navigate('queue');
      }}
    >
      ← Back to the queue
    </a>
  );
  if (error)
    return (
      <section className="console-page">
        {back}
        <p role="alert" className="console-error">
          {error}
        </p>
      </section>
    );
  if (!detail) return <p className="console-card">Loading the review item…</p>;

  const latestNarratives = [...new Map(detail.narratives.map((n) => [n.narrativeId, n])).values()];
  return (
    <section className="console-page review-page" aria-labelledby="review-title">
      {back}
      <header className="review-header">
        <h1 id="review-title">
          Call of {formatTime(detail.startedAt)} ·{' '}
          {detail.crew ? `${detail.crew.fullName} (${detail.crew.badgeNumber})` : 'unknown crew member'}
        </h1>
        <p>
          <span className={`status status-${detail.status}`} data-testid="review-status">
            {STATUS_LABELS[detail.status]}
          </span>{' '}
          {detail.station && (
            <span className="muted">
              {detail.station.code} · {detail.station.name}
            </span>
          )}{' '}
          {detail.assignee && <span className="muted">· with {detail.assignee.fullName}</span>}
          {!detail.contextId && <span className="muted"> · made with no patient open</span>}
        </p>
        <FlagChips flags={detail.flags} context={context} />
      </header>

      <div className="review-columns">
        <div className="review-records">
          {detail.correctionRequest && (
            <div className="notice-box" data-testid="correction-request">
              <h2>Correction asked of the crew</h2>
              <blockquote>{detail.correctionRequest}</blockquote>
              <p className="muted">
                {detail.correctionRequestedBy} ·{' '}
                {detail.correctionRequestedAt && formatTime(detail.correctionRequestedAt)}
                {detail.recordsSinceRequest > 0 && ` · ${detail.recordsSinceRequest} record(s) arrived since`}
              </p>
            </div>
          )}

          <h2>Doses ({detail.doses.length})</h2>
          {detail.doses.length === 0 && <p className="muted">No dose was recorded in this call.</p>}
          {detail.doses.map((d) => (
            <article
              key={d.id}
              className={`dose-record${d.flags.length ? ' flagged' : ''}`}
              aria-label={`${d.medication} ${d.dose} ${d.route}`}
            >
              <h3>
                {d.medication} {d.dose} {d.route}
                {d.volumeMl !== null && (
                  <span className="muted">
                    {' '}
                    · {d.volumeMl} mL of {d.concentration}
                  </span>
                )}
              </h3>
              <p className="muted">
                {formatTime(d.at)} · {d.indication ?? 'no indication'} ·{' '}
                {d.ageYears !== null ? `age ${d.ageYears} y` : 'age not recorded'} ·{' '}
                {d.weightKg !== null
                  ? `${d.weightKg} kg`
                  : d.weightLb !== null
                    ? `${d.weightLb} lb`
                    : 'weight not recorded'}
                {d.weightConfirmed && ' (confirmed)'} ·{' '}
                {d.color && d.color !== 'Adult' ? `tape ${d.color}` : 'adult dosing'}
                {d.baseOrder && ' · Base order'}
                {d.capped && ' · capped'}
              </p>
              {d.flags.length > 0 && (
                <ul className="dose-flags">
                  {d.flags.map((f) => (
                    <li key={f.code}>
                      <strong>{context.flagKinds.find((k) => k.code === f.code)?.label ?? f.code}:</strong> {f.detail}
                    </li>
                  ))}
                </ul>
              )}
              {d.warnings.length > 0 && (
                <ul className="dose-warnings-list">
                  {d.warnings.map((w, i) => (
                    <li key={i} className={`severity-${w.severity}`}>
                      {w.severity}: {w.message}
                    </li>
                  ))}
                </ul>
              )}
              <p className="muted small">Formulary {d.formularyVersion}</p>
            </article>
          ))}

          <h2>Protocols ({detail.protocols.length})</h2>
          {detail.protocols.length === 0 ? (
            <p className="muted">No protocol was opened or applied in this call.</p>
          ) : (
            <ul className="protocol-records">
              {detail.protocols.map((p) => (
                <li key={p.id}>
                  <strong>TP {p.tpCode}</strong> {p.name} · {p.action} · {formatTime(p.at)}
                  {p.query && <span className="muted"> · searched “{p.query}”</span>}
                </li>
              ))}
            </ul>
          )}

          <h2>
            Narrative{latestNarratives.length === 1 ? '' : 's'} ({latestNarratives.length})
          </h2>
          {latestNarratives.length === 0 && (
            <p className="muted">No narrative reached the server (they are kept 30 days).</p>
          )}
          {latestNarratives.map((n) => (
            <article key={n.id} className="narrative">
              <p className="muted">
                {n.format.toUpperCase()} · saved {formatTime(n.at)}
                {detail.narratives.filter((x) => x.narrativeId === n.narrativeId).length > 1 &&
                  ` · ${detail.narratives.filter((x) => x.narrativeId === n.narrativeId).length} versions`}
              </p>
              <pre>{n.content}</pre>
            </article>
          ))}
        </div>

        <aside className="review-side" aria-label="Review">
          <ReviewActions detail={detail} onChange={setDetail} />

          <h2>Fallouts (MCG 1373)</h2>
          {detail.fallouts.length === 0 ? <p className="muted">None filed.</p> : null}
          <ul className="fallout-list">
            {detail.fallouts.map((f) => (
              <li key={f.code}>
                <strong>{f.code}</strong> {f.name}
                {f.note && <span>: {f.note}</span>}
                <div className="muted small">
                  {f.by} · {formatTime(f.at)}
                </div>
              </li>
            ))}
          </ul>

          <h2>Comments ({detail.comments.length})</h2>
          <ol className="comment-list">
            {detail.comments.map((c) => (
              <li key={c.id}>
                <p>{c.body}</p>
                <p className="muted small">
                  {c.author} · {formatTime(c.at)}
                </p>
              </li>
            ))}
          </ol>

          <h2>History</h2>
          <ol className="history-list">
            {detail.history.map((h, i) => (
              <li key={i}>
                {formatTime(h.at)} · {h.by} {HISTORY_LABELS[h.action] ?? h.action}
                {typeof h.details['to_status'] === 'string' &&
                  h.action === 'qi_review_status_changed' &&
                  ` to ${STATUS_LABELS[h.details['to_status'] as keyof typeof STATUS_LABELS] ?? h.details['to_status']}`}
                {typeof h.details['code'] === 'string' && ` ${h.details['code']}`}
              </li>
            ))}
          </ol>
        </aside>
      </div>
    </section>
  );
}
