import { useEffect, useState } from 'react';
import { z } from 'zod';
import { describeStatus } from '../../domain/epcr/nemsis-ws';
import { callRpc, type RpcResult } from '../console-client';
import { useConsole } from '../console-context';
import { downloadCsv, toCsv } from '../csv';
import { formatTime } from '../format';
import { navigate, useConsoleLocation } from '../router';
import { SelectField } from '../SelectField';
import { settle } from '../settle';

/** The stages the server names (list_epcr_handoffs), in the page's order: those needing a person first. */
export const HANDOFF_STAGES = [
  'needs_correction',
  'failed',
  'retry_scheduled',
  'sending',
  'queued',
  'sent_with_warnings',
  'sent',
] as const;
export type HandoffStage = (typeof HANDOFF_STAGES)[number];
export const STAGE_LABELS: Record<HandoffStage, string> = {
  needs_correction: 'Needs correction',
  failed: 'Failed after 3 retries',
  retry_scheduled: 'Retry scheduled',
  sending: 'Sending',
  queued: 'Queued',
  sent_with_warnings: 'Sent with warnings',
  sent: 'Sent',
};

const rowSchema = z
  .object({
    id: z.string().uuid(),
    pcr_number: z.string(),
    report_uuid: z.string().uuid(),
    user_id: z.string().uuid(),
    full_name: z.string().nullable(),
    badge_number: z.string().nullable(),
    station_code: z.string().nullable(),
    stage: z.enum(HANDOFF_STAGES),
    status: z.enum(['queued', 'processing', 'sent', 'sent_with_warnings', 'needs_correction', 'failed']),
    urgency: z.number().int(),
    attempts: z.number().int(),
    next_attempt_at: z.string().nullable(),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    warnings: z.string().nullable(),
    closed_at: z.string(),
    sent_at: z.string().nullable(),
    requeues: z.number().int(),
    requeued_at: z.string().nullable(),
    requeued_by_name: z.string().nullable(),
    may_requeue: z.boolean(),
  })
  .transform((r) => ({
    id: r.id,
    pcrNumber: r.pcr_number,
    reportUuid: r.report_uuid,
    crew: r.full_name ? `${r.full_name} (${r.badge_number ?? ''})` : 'Unknown',
    station: r.station_code,
    stage: r.stage,
    processing: r.status === 'processing',
    urgency: r.urgency,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    statusCode: r.last_status_code,
    lastError: r.last_error,
    warnings: r.warnings,
    closedAt: r.closed_at,
    sentAt: r.sent_at,
    requeues: r.requeues,
    requeuedAt: r.requeued_at,
    requeuedBy: r.requeued_by_name,
    mayRequeue: r.may_requeue,
  }));
type Row = z.infer<typeof rowSchema>;
const pageSchema = z.array(rowSchema);
const countsSchema = z.record(z.enum(HANDOFF_STAGES), z.number().int());

const FILTERS = ['stage', 'person'] as const;
type Filter = (typeof FILTERS)[number];
const PAGE_SIZE = 50;
const EXPORT_LIMIT = 50_000;
/** The design's schedule: a retryable failure is tried again at most three times. */
const RETRIES = 3;

/** What the stage means for this call, in a line under its label. */
function stageDetail(r: Row): string {
  const at = (iso: string | null) => (iso ? formatTime(iso) : '–');
  switch (r.stage) {
    case 'queued':
      return r.requeues > 0 ? 'Sent again: due now' : 'Waiting for its first attempt';
    case 'sending':
      return r.processing
        ? `The ePCR is processing it; asking again at ${at(r.nextAttemptAt)}`
        : `Being sent now${r.attempts > 0 ? ` (retry ${r.attempts} of ${RETRIES})` : ''}`;
    case 'retry_scheduled':
      return `Attempt ${r.attempts} failed; retry ${r.attempts} of ${RETRIES} at ${at(r.nextAttemptAt)}`;
    case 'sent':
    case 'sent_with_warnings':
      return `Accepted at ${at(r.sentAt)}`;
    case 'needs_correction':
      return 'Refused by the ePCR: not retried';
    case 'failed':
      return `${r.attempts} attempts failed; no more retries`;
  }
}

/** The receiver's answer: its status code in words, then its reasons or warnings as it gave them. */
function answerOf(r: Row): { code: string | null; text: string | null } {
  const code = r.statusCode === null ? null : describeStatus(r.statusCode);
  let text = r.stage === 'sent_with_warnings' ? r.warnings : r.lastError;
  // The hand-off writes the code's meaning before the receiver's report: said once here.
  if (code && text?.startsWith(code)) text = text.slice(code.length).replace(/^\s*·\s*/, '') || null;
  return { code, text };
}

/**
 * The ePCR hand-off of every call the department's crews closed: failed and refused calls first
 * (with the receiver's reasons), then those on their way (queued, sending, retries with their
 * time and count), then those sent. Medical directors and admins send a failed or refused call
 * again once the cause is fixed, saying what was fixed (in the audit trail).
 */
export function HandoffPage() {
  const { client, context, online } = useConsole();
  const { search } = useConsoleLocation();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, search.get(f) ?? ''])) as Record<Filter, string>;
  const key = FILTERS.map((f) => filters[f]).join('|');
  const [rows, setRows] = useState<Row[]>([]);
  const [counts, setCounts] = useState<Partial<Record<HandoffStage, number>> | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [requeueFor, setRequeueFor] = useState<Row | null>(null);
  const [reason, setReason] = useState('');

  const args = (after: Row | null, pageSize: number) => ({
    filter_stage: filters.stage || null,
    filter_user_id: filters.person || null,
    after_urgency: after?.urgency ?? null,
    after_closed_at: after?.closedAt ?? null,
    after_id: after?.id ?? null,
    page_size: pageSize,
  });

  async function load(after: Row | null): Promise<void> {
    setBusy(true);
    const [result, counted] = await Promise.all([
      callRpc(client, 'list_epcr_handoffs', args(after, PAGE_SIZE), pageSchema),
      after ? Promise.resolve(null) : callRpc(client, 'count_epcr_handoffs', {}, countsSchema),
    ]);
    setBusy(false);
    if (counted?.ok) setCounts(counted.value);
    if (!result.ok) return setError(result.message);
    setError(null);
    setRows((previous) => (after ? [...previous, ...result.value] : result.value));
    setDone(result.value.length < PAGE_SIZE);
  }

  useEffect(() => {
    settle(load(null));
    // One load per set of filters (and again when the connection comes back).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, online]);

  function setFilter(name: Filter, value: string) {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    navigate(`handoff${next.size ? `?${next.toString()}` : ''}`, { replace: true });
  }

  async function requeue() {
    if (!requeueFor) return;
    const result = await callRpc(
      client,
      'requeue_epcr_submission',
      { submission_id: requeueFor.id, reason },
      z.object({ id: z.string() }),
    );
    if (!result.ok) return setError(result.message);
    const pcr = requeueFor.pcrNumber;
    setRequeueFor(null);
    setReason('');
    await load(null);
    setMessage(`Call ${pcr} is back in the queue and goes on the next run; what was fixed is in the audit trail.`);
  }

  async function exportCsv() {
    setBusy(true);
    setMessage('Exporting…');
    const all: Row[] = [];
    for (let after: Row | null = null; all.length < EXPORT_LIMIT;) {
      const result: RpcResult<Row[]> = await callRpc(client, 'list_epcr_handoffs', args(after, 1000), pageSchema);
      if (!result.ok) {
        setBusy(false);
        setMessage(null);
        return setError(result.message);
      }
      all.push(...result.value);
      if (result.value.length < 1000) break;
      after = result.value.at(-1) ?? null;
    }
    const csv = toCsv(
      [
        'closed_at',
        'pcr_number',
        'crew',
        'station',
        'status',
        'detail',
        'attempts',
        'next_attempt_at',
        'epcr_status_code',
        'epcr_answer',
        'sent_at',
        'sent_again',
        'sent_again_at',
        'sent_again_by',
        'report_uuid',
        'id',
      ],
      all.map((r) => [
        r.closedAt,
        r.pcrNumber,
        r.crew,
        r.station,
        STAGE_LABELS[r.stage],
        stageDetail(r),
        r.attempts,
        r.nextAttemptAt,
        r.statusCode,
        answerOf(r).text,
        r.sentAt,
        r.requeues,
        r.requeuedAt,
        r.requeuedBy,
        r.reportUuid,
        r.id,
      ]),
    );
    await callRpc(
      client,
      'note_console_export',
      { what: 'epcr_handoffs', row_count: all.length, filters: { stage: filters.stage, person: filters.person } },
      z.unknown(),
    );
    downloadCsv(`rigside-epcr-handoff-${context.department.code}-${new Date().toISOString().slice(0, 10)}.csv`, csv);
    setBusy(false);
    setMessage(
      `Exported ${all.length} call${all.length === 1 ? '' : 's'}${all.length >= EXPORT_LIMIT ? ' (the first 50,000: narrow the filters for the rest)' : ''}. The export is itself in the audit trail.`,
    );
  }

  const crew = context.people.filter((p) => ['paramedic', 'emt'].includes(p.role));
  return (
    <section className="console-page" aria-labelledby="handoff-title">
      <h1 id="handoff-title">ePCR hand-off</h1>
      <p className="muted">
        Every call {context.department.name} crews closed in the last 30 days, and what the agency’s ePCR made of it.
        Calls that need a person come first: those the ePCR refused, with its reasons, and those that failed after three
        retries.
        {context.me.mayDecide
          ? ' Once the cause is fixed, send one again here.'
          : ' You can read the hand-off; medical directors and admins send a call again.'}
      </p>
      {counts && (
        <ul className="stage-counts" aria-label="Calls at each stage">
          {HANDOFF_STAGES.map((s) => (
            <li key={s}>
              <button
                type="button"
                className={`stage-count stage-${s}${counts[s] ? '' : ' none'}`}
                aria-pressed={filters.stage === s}
                onClick={() => setFilter('stage', filters.stage === s ? '' : s)}
              >
                <strong>{counts[s] ?? 0}</strong> {STAGE_LABELS[s]}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="console-filters" aria-label="Filter the hand-off" onSubmit={(e) => e.preventDefault()}>
        <SelectField label="Status" value={filters.stage} onChange={(v) => setFilter('stage', v)}>
          <option value="">Any status</option>
          {HANDOFF_STAGES.map((s) => (
            <option key={s} value={s}>
              {STAGE_LABELS[s]}
            </option>
          ))}
        </SelectField>
        <SelectField label="Crew member" value={filters.person} onChange={(v) => setFilter('person', v)}>
          <option value="">Everyone</option>
          {crew.map((p) => (
            <option key={p.id} value={p.id}>
              {p.fullName} ({p.badgeNumber})
            </option>
          ))}
        </SelectField>
      </form>
      <div className="button-row">
        <button type="button" className="button" disabled={busy || !online} onClick={() => settle(exportCsv())}>
          Export CSV
        </button>
      </div>
      {error && (
        <p role="alert" className="console-error">
          {error}
        </p>
      )}
      <p role="status" className="muted">
        {message ?? (busy ? 'Loading…' : `${rows.length}${done ? '' : '+'} call${rows.length === 1 ? '' : 's'}`)}
      </p>
      <table className="console-table handoff-table">
        <caption className="visually-hidden">Closed calls and their hand-off, those needing a person first</caption>
        <thead>
          <tr>
            <th scope="col">Call</th>
            <th scope="col">Crew</th>
            <th scope="col">Status</th>
            <th scope="col">The ePCR’s answer</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const answer = answerOf(r);
            return (
              <tr key={r.id} data-stage={r.stage} className={r.urgency === 2 ? 'flagged' : undefined}>
                <td data-label="Call">
                  <strong className="pcr-number">{r.pcrNumber}</strong>
                  <div className="muted">closed {formatTime(r.closedAt)}</div>
                </td>
                <td data-label="Crew">
                  {r.crew}
                  {r.station && <div className="muted">{r.station}</div>}
                </td>
                <td data-label="Status">
                  <span className={`status handoff-stage stage-${r.stage}`}>{STAGE_LABELS[r.stage]}</span>
                  <div className="muted small">{stageDetail(r)}</div>
                  {r.requeuedAt && (
                    <div className="muted small">
                      Sent again{r.requeues > 1 ? ` (${r.requeues} times)` : ''} by {r.requeuedBy ?? 'someone'} at{' '}
                      {formatTime(r.requeuedAt)}
                    </div>
                  )}
                </td>
                <td data-label="The ePCR’s answer" className="details-cell">
                  {answer.code && <div className="answer-code">{answer.code}</div>}
                  {answer.text && <div className="answer-text">{answer.text}</div>}
                  {!answer.code && !answer.text && <span className="muted">none yet</span>}
                  {r.mayRequeue && (
                    <button
                      type="button"
                      className="button small"
                      disabled={!online}
                      onClick={() => {
                        setRequeueFor(r);
                        setMessage(null);
                      }}
                    >
                      Send {r.pcrNumber} again
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!busy && rows.length === 0 && !error && (
        <p>{filters.stage || filters.person ? 'No call matches these filters.' : 'No call has been closed yet.'}</p>
      )}
      {!done && rows.length > 0 && (
        <button
          type="button"
          className="button"
          disabled={busy || !online}
          onClick={() => settle(load(rows.at(-1) ?? null))}
        >
          Show more
        </button>
      )}
      {requeueFor && (
        <form
          className="console-card lift-form"
          aria-label="Send a call again"
          onSubmit={(e) => {
            e.preventDefault();
            settle(requeue());
          }}
        >
          <h2>Send {requeueFor.pcrNumber} again</h2>
          <p>
            The same NEMSIS document goes to the ePCR again, with three retries counted afresh. Send it again once what
            stopped it is fixed outside the call: the ePCR back up, the credentials or the receiver’s set-up corrected.
          </p>
          <label className="field">
            <span>What was fixed (goes to the audit trail)</span>
            <textarea
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              rows={3}
              maxLength={500}
              required
              autoFocus
            />
          </label>
          <div className="button-row">
            <button type="submit" className="button primary" disabled={reason.trim() === '' || !online}>
              Send it again
            </button>
            <button type="button" className="button" onClick={() => setRequeueFor(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
