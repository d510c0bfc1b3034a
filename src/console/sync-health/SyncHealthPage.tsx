import { useEffect, useState } from 'react';
import { settle } from '../settle';
import { z } from 'zod';
import { callRpc } from '../console-client';
import { useConsole } from '../console-context';
import { formatTime } from '../format';
import { SelectField } from '../SelectField';

const rowSchema = z
  .object({
    user_id: z.string().uuid(),
    full_name: z.string(),
    badge_number: z.string(),
    station_code: z.string().nullable(),
    device_id: z.string().uuid().nullable(),
    app_version: z.string().nullable(),
    last_report_at: z.string().nullable(),
    last_sync_at: z.string().nullable(),
    pending: z.number().nullable(),
    oldest_pending_at: z.string().nullable(),
    refused_count: z.number().nullable(),
    refused: z.array(
      z.object({
        kind: z.string().nullable(),
        code: z.string().nullable(),
        reason: z.string().nullable(),
        rejected_at: z.string().nullable(),
      }),
    ),
    violations_30d: z.number(),
    reputation: z.number(),
    banned_until: z.string().nullable(),
    last_violation_scope: z.string().nullable(),
  })
  .transform((r) => ({
    userId: r.user_id,
    person: `${r.full_name} (${r.badge_number})`,
    station: r.station_code,
    device: r.device_id,
    lastReportAt: r.last_report_at,
    lastSyncAt: r.last_sync_at,
    pending: r.pending,
    oldestPendingAt: r.oldest_pending_at,
    refusedCount: r.refused_count ?? 0,
    refused: r.refused,
    violations: r.violations_30d,
    reputation: r.reputation,
    bannedUntil: r.banned_until,
    lastScope: r.last_violation_scope,
  }));
type Row = z.infer<typeof rowSchema>;

function age(iso: string | null, now: number): string {
  if (!iso) return '';
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${Math.floor(minutes / 1440)} days`;
}

/**
 * Per crew member and device: when it last synced, what waits on it and since when (as the
 * device reported after its last send), what the server refused and why, rate-limit violations
 * and bans. An admin lifts a ban here, with a reason that goes to the audit trail.
 */
export function SyncHealthPage() {
  const { client, context, online } = useConsole();
  const [station, setStation] = useState('');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [liftFor, setLiftFor] = useState<Row | null>(null);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [loadedAt, setLoadedAt] = useState(0);

  async function load() {
    const result = await callRpc(
      client,
      'list_sync_health',
      { filter_station_id: station || null, filter_user_id: null },
      z.array(rowSchema),
    );
    if (!result.ok) return setError(result.message);
    setError(null);
    setRows(result.value);
    setLoadedAt(Date.now());
  }

  useEffect(() => {
    settle(load());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [station, online]);

  async function lift() {
    if (!liftFor) return;
    const result = await callRpc(client, 'lift_rate_limit_ban', { user_id: liftFor.userId, reason }, z.unknown());
    if (!result.ok) return setError(result.message);
    const person = liftFor.person;
    setLiftFor(null);
    setReason('');
    await load();
    setMessage(`The ban of ${person} is lifted; the reason is in the audit trail.`);
  }

  const isAdmin = context.me.role === 'admin';
  return (
    <section className="console-page" aria-labelledby="sync-title">
      <h1 id="sync-title">Sync health</h1>
      <p className="muted">
        What each device reported after its last send. Records wait safely on a device until they are sent; an old
        “oldest waiting” means a rig that has not had a connection, or a crew member who has not signed in again.
      </p>
      <form className="console-filters" aria-label="Filter sync health" onSubmit={(e) => e.preventDefault()}>
        <SelectField label="Station" value={station} onChange={setStation}>
          <option value="">Every station</option>
          {context.stations.map((s) => (
            <option key={s.id} value={s.id}>
              {s.code} · {s.name}
            </option>
          ))}
        </SelectField>
      </form>
      {error && (
        <p role="alert" className="console-error">
          {error}
        </p>
      )}
      {message && <p role="status">{message}</p>}
      {rows && rows.length === 0 && (
        <p>No device has reported yet, and nobody has a rate-limit violation in the last 30 days.</p>
      )}
      {rows && rows.length > 0 && (
        <table className="console-table sync-table">
          <caption className="visually-hidden">Devices and crew members, those with problems first</caption>
          <thead>
            <tr>
              <th scope="col">Crew member</th>
              <th scope="col">Device</th>
              <th scope="col">Last sync</th>
              <th scope="col" className="num">
                Waiting
              </th>
              <th scope="col">Oldest waiting</th>
              <th scope="col">Refused</th>
              <th scope="col">Rate limits</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={`${r.userId}/${r.device ?? '-'}`}
                className={r.bannedUntil || r.refusedCount > 0 ? 'flagged' : undefined}
              >
                <td data-label="Crew member">
                  {r.person}
                  {r.station && <div className="muted">{r.station}</div>}
                </td>
                <td data-label="Device">
                  {r.device ? <code>{r.device.slice(0, 8)}</code> : <span className="muted">no report</span>}
                </td>
                <td data-label="Last sync">
                  {r.lastSyncAt ? formatTime(r.lastSyncAt) : <span className="muted">never</span>}
                  {r.lastReportAt && <div className="muted small">reported {age(r.lastReportAt, loadedAt)} ago</div>}
                </td>
                <td data-label="Waiting" className="num">
                  {r.pending ?? ''}
                </td>
                <td data-label="Oldest waiting">
                  {r.oldestPendingAt ? age(r.oldestPendingAt, loadedAt) : <span className="muted">nothing</span>}
                </td>
                <td data-label="Refused">
                  {r.refusedCount === 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    <details>
                      <summary>{r.refusedCount} refused</summary>
                      <ul>
                        {r.refused.map((x, i) => (
                          <li key={i}>
                            {x.kind}: <strong>{x.code}</strong> {x.reason}
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </td>
                <td data-label="Rate limits">
                  {r.violations === 0 ? (
                    <span className="muted">none in 30 days</span>
                  ) : (
                    `${r.violations} in 30 days (last: ${r.lastScope ?? '?'}), reputation ${r.reputation}`
                  )}
                  {r.bannedUntil && (
                    <div>
                      <strong className="console-error">Banned until {formatTime(r.bannedUntil)}</strong>
                      {isAdmin && (
                        <button type="button" className="button small" disabled={!online} onClick={() => setLiftFor(r)}>
                          Lift the ban<span className="visually-hidden"> of {r.person}</span>
                        </button>
                      )}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {liftFor && (
        <form
          className="console-card lift-form"
          aria-label="Lift a ban"
          onSubmit={(e) => {
            e.preventDefault();
            settle(lift());
          }}
        >
          <h2>Lift the ban of {liftFor.person}</h2>
          <label className="field">
            <span>Why (goes to the audit trail)</span>
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={500} required />
          </label>
          <div className="button-row">
            <button type="submit" className="button primary" disabled={reason.trim() === '' || !online}>
              Lift the ban
            </button>
            <button type="button" className="button" onClick={() => setLiftFor(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
