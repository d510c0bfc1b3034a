import { useCallback, useEffect, useState } from 'react';
import { ConsoleLink } from '../ConsoleLink';
import { callRpc, type RpcName } from '../console-client';
import { useConsole } from '../console-context';
import { dateInZone, formatTime, zoneName } from '../format';
import { navigate } from '../router';
import { settle } from '../settle';
import { VersionDiff } from './VersionDiff';
import {
  KIND_LABELS,
  VERSION_STATUS_LABELS,
  versionDetailSchema,
  versionRowSchema,
  type VersionDetail,
} from './version-schemas';

/** One version: what it changes against the version in force, its change log, its history, and the next step. */
export function VersionPage({ id }: { id: string }) {
  const { client, context } = useConsole();
  const [detail, setDetail] = useState<VersionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await callRpc(client, 'get_reference_version', { version_id: id }, versionDetailSchema);
    if (result.ok) setDetail(result.value);
    else setError(result.code === 'PT404' ? 'There is no version with this id that you may see.' : result.message);
  }, [client, id]);
  useEffect(() => settle(load()), [load]);

  const back = <ConsoleLink to="versions">← All versions</ConsoleLink>;
  if (error && !detail)
    return (
      <section className="console-page">
        {back}
        <p role="alert" className="console-error">
          {error}
        </p>
      </section>
    );
  if (!detail) return <p className="console-card">Loading the version…</p>;

  const label = `${KIND_LABELS[detail.kind]} ${detail.key}${detail.name ? ` · ${detail.name}` : ''}`;
  return (
    <section className="console-page version-page" aria-labelledby="version-title">
      {back}
      <header>
        <h1 id="version-title">
          {label}, version {detail.version}
        </h1>
        <p>
          <span className={`status version-status-${detail.status}`} data-testid="version-status">
            {VERSION_STATUS_LABELS[detail.status]}
          </span>
          {detail.effectiveDate && (
            <span className="muted">
              {' '}
              · effective {detail.effectiveDate} ({zoneName(context.agencyTimeZone)})
            </span>
          )}
        </p>
      </header>
      <div className="review-columns">
        <div>
          <h2>Change log</h2>
          {detail.changeLog.length === 0 ? (
            <p className="muted">{detail.changeSummary}</p>
          ) : (
            <table className="console-table change-log-table">
              <thead>
                <tr>
                  <th scope="col">Change</th>
                  <th scope="col">Section</th>
                  <th scope="col">Description</th>
                </tr>
              </thead>
              <tbody>
                {detail.changeLog.map((c, i) => (
                  <tr key={i}>
                    <td data-label="Change">{c.type}</td>
                    <td data-label="Section">{c.section}</td>
                    <td data-label="Description">{c.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>
            Changes against {detail.active ? `version ${detail.active.version ?? '?'} in force` : 'no active version'}
          </h2>
          {detail.status === 'active' || detail.status === 'superseded' || detail.status === 'archived' ? (
            <p className="muted">This version has been in force: the comparison is for versions still to come.</p>
          ) : (
            <VersionDiff kind={detail.kind} before={detail.active?.record ?? null} after={detail.content} />
          )}
        </div>
        <aside className="review-side" aria-label="Workflow">
          <NextStep detail={detail} onDone={(next) => (next ? setDetail(next) : settle(load()))} />
          <h2>History</h2>
          <ol className="history-list">
            <li>
              Drafted by {detail.createdByName ?? (detail.source === 'import' ? 'a dataset import' : 'someone')} ·{' '}
              {formatTime(detail.createdAt)}
            </li>
            {detail.submittedAt && <li>Submitted for review · {formatTime(detail.submittedAt)}</li>}
            {detail.rejectedAt && (
              <li>
                Rejected by {detail.rejectedByName} · {formatTime(detail.rejectedAt)}: {detail.rejectionReason}
              </li>
            )}
            {detail.approvedAt && (
              <li>
                Approved{detail.approvedByName ? ` by ${detail.approvedByName}` : ''} · {formatTime(detail.approvedAt)}
              </li>
            )}
            {detail.effectiveDate && <li>Effective {detail.effectiveDate}</li>}
            {detail.withdrawnAt && (
              <li>
                Withdrawn · {formatTime(detail.withdrawnAt)}: {detail.withdrawalReason}
              </li>
            )}
            {detail.activatedAt && <li>Put in force · {formatTime(detail.activatedAt)}</li>}
            {detail.archivedAt && <li>Archived · {formatTime(detail.archivedAt)}</li>}
          </ol>
        </aside>
      </div>
    </section>
  );
}

/** The steps this person may take now; a supervisor reads only. */
function NextStep({ detail, onDone }: { detail: VersionDetail; onDone: (next: VersionDetail | null) => void }) {
  const { client, context, online } = useConsole();
  const [reason, setReason] = useState('');
  // A version takes effect at the start of its date in the agency's time zone, as the server schedules it.
  const agencyToday = dateInZone(context.agencyTimeZone);
  const [date, setDate] = useState(agencyToday);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const role = context.me.role;
  const decides = role === 'medical_director' || role === 'admin';
  const director = role === 'medical_director';
  const author = detail.createdBy === context.me.id;
  const own = detail.departmentId === null || detail.departmentId === context.department.id;

  async function act(fn: RpcName, args: Record<string, unknown>) {
    setBusy(true);
    const result = await callRpc(client, fn, { version_id: detail.id, ...args }, versionRowSchema);
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setError(null);
    setReason('');
    onDone(null);
  }
  const run =
    (fn: RpcName, args: Record<string, unknown> = {}) =>
    () =>
      settle(act(fn, args));
  const disabled = busy || !online;

  if (!decides)
    return (
      <p className="notice-box">
        You can read this version. Medical directors and admins take it through the workflow.
      </p>
    );
  if (!own)
    return <p className="notice-box">This version belongs to another department: its own directors decide it.</p>;

  const reasonField = (what: string) => (
    <label className="field">
      <span>{what}</span>
      <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={2000} />
    </label>
  );
  return (
    <div className="review-actions">
      <h2>Next step</h2>
      {error && (
        <p role="alert" className="console-error">
          {error}
        </p>
      )}
      {detail.status === 'draft' && (
        <div className="button-row">
          <button
            type="button"
            className="button"
            disabled={disabled}
            onClick={() => navigate(`versions/${detail.id}/edit`)}
          >
            Edit the draft
          </button>
          <button
            type="button"
            className="button primary"
            disabled={disabled}
            onClick={run('submit_reference_version')}
          >
            Submit for review
          </button>
        </div>
      )}
      {detail.status === 'review' &&
        (!director ? (
          <p className="notice-box">Waiting for a medical director’s review.</p>
        ) : author ? (
          <p className="notice-box">You drafted this version: another medical director approves or rejects it.</p>
        ) : (
          <>
            <button
              type="button"
              className="button primary"
              disabled={disabled}
              onClick={run('approve_reference_version')}
            >
              Approve
            </button>
            {reasonField('Reason for a rejection (the author reads it)')}
            <button
              type="button"
              className="button"
              disabled={disabled || reason.trim() === ''}
              onClick={run('reject_reference_version', { reason: reason.trim() })}
            >
              Reject
            </button>
          </>
        ))}
      {(detail.status === 'approved' || detail.status === 'scheduled') && (
        <>
          <label className="field">
            <span>Effective date (takes effect at the start of this day, {zoneName(context.agencyTimeZone)})</span>
            <input type="date" value={date} min={agencyToday} onChange={(e) => setDate(e.target.value)} />
          </label>
          <button
            type="button"
            className="button primary"
            disabled={disabled || !date}
            onClick={run('schedule_reference_version', { effective_date: date })}
          >
            {detail.status === 'scheduled' ? 'Move the date' : 'Schedule'}
          </button>
        </>
      )}
      {detail.status === 'scheduled' && (
        <>
          {reasonField('Reason to withdraw it before its date')}
          <button
            type="button"
            className="button"
            disabled={disabled || reason.trim() === ''}
            onClick={run('withdraw_reference_version', { reason: reason.trim() })}
          >
            Withdraw
          </button>
        </>
      )}
      {['draft', 'rejected', 'active', 'superseded'].includes(detail.status) && director && (
        <>
          {detail.status !== 'draft' &&
            reasonField(
              detail.status === 'active' ? 'Reason to retire this record from every rig' : 'Reason to archive it',
            )}
          {detail.status === 'draft' && reasonField('Reason to archive the draft instead')}
          <button
            type="button"
            className="button"
            disabled={disabled || reason.trim() === ''}
            onClick={run('archive_reference_version', { reason: reason.trim() })}
          >
            {detail.status === 'active' ? 'Retire from every rig' : 'Archive'}
          </button>
        </>
      )}
      {['withdrawn', 'archived'].includes(detail.status) && (
        <p className="muted">Nothing more happens to this version.</p>
      )}
    </div>
  );
}
