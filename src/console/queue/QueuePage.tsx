import { useEffect, useState } from 'react';
import { ConsoleLink } from '../ConsoleLink';
import { settle } from '../settle';
import { callRpc } from '../console-client';
import { useConsole } from '../console-context';
import { formatTime, startOfLocalDay, startOfNextLocalDay } from '../format';
import { navigate, useConsoleLocation } from '../router';
import { queuePageSchema, REVIEW_STATUSES, STATUS_LABELS, type QueueRow } from '../schemas';
import { FlagChips } from './FlagChips';
import { SelectField } from '../SelectField';

const PAGE_SIZE = 50;
const FILTERS = ['status', 'flag', 'station', 'person', 'from', 'to', 'mine'] as const;
type Filter = (typeof FILTERS)[number];

/**
 * The QI queue: one row per call, flagged calls first, newest first. Filters live in the
 * address (a filtered queue can be bookmarked); "Show more" pages on with the keyset.
 */
export function QueuePage() {
  const { client, context, online } = useConsole();
  const { search } = useConsoleLocation();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, search.get(f) ?? ''])) as Record<Filter, string>;
  const key = FILTERS.map((f) => filters[f]).join('|');
  const [rows, setRows] = useState<QueueRow[]>([]);
  const [done, setDone] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  async function load(after: QueueRow | null): Promise<void> {
    setLoading(true);
    const result = await callRpc(
      client,
      'list_qi_reviews',
      {
        filter_status: filters.status || null,
        filter_flag: filters.flag || null,
        filter_station_id: filters.station || null,
        filter_user_id: filters.person || null,
        filter_assignee: filters.mine ? context.me.id : null,
        from_time: startOfLocalDay(filters.from),
        to_time: startOfNextLocalDay(filters.to),
        after_flagged: after ? after.flagged : null,
        after_started_at: after ? after.startedAt : null,
        after_id: after ? after.id : null,
        page_size: PAGE_SIZE,
      },
      queuePageSchema,
    );
    setLoading(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
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
    const query = next.toString();
    navigate(`queue${query ? `?${query}` : ''}`, { replace: true });
  }

  const crew = context.people.filter((p) => ['paramedic', 'emt'].includes(p.role));
  return (
    <section aria-labelledby="queue-title" className="console-page">
      <h1 id="queue-title">QI review queue</h1>
      <p className="muted">
        One item per call: the records that share a patient, or a record made without one. Flagged calls come first,
        newest first. {context.department.name}
        {context.me.mayDecide ? '.' : ': you can read the queue; medical directors and admins work it.'}
      </p>
      <form className="console-filters" aria-label="Filter the queue" onSubmit={(e) => e.preventDefault()}>
        <SelectField label="Status" value={filters.status} onChange={(v) => setFilter('status', v)}>
          <option value="">Any status</option>
          {REVIEW_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </SelectField>
        <SelectField label="Flag" value={filters.flag} onChange={(v) => setFilter('flag', v)}>
          <option value="">Any flag</option>
          {context.flagKinds.map((k) => (
            <option key={k.code} value={k.code}>
              {k.label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Station" value={filters.station} onChange={(v) => setFilter('station', v)}>
          <option value="">Every station</option>
          {context.stations.map((s) => (
            <option key={s.id} value={s.id}>
              {s.code} · {s.name}
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
        <label className="field">
          <span>Calls from</span>
          <input type="date" value={filters.from} onChange={(e) => setFilter('from', e.target.value)} />
        </label>
        <label className="field">
          <span>to</span>
          <input type="date" value={filters.to} onChange={(e) => setFilter('to', e.target.value)} />
        </label>
        {context.me.mayDecide && (
          <label className="field checkbox">
            <input
              type="checkbox"
              checked={filters.mine === '1'}
              onChange={(e) => setFilter('mine', e.target.checked ? '1' : '')}
            />
            <span>Assigned to me</span>
          </label>
        )}
      </form>

      {error && (
        <p role="alert" className="console-error">
          {error}
        </p>
      )}
      <p role="status" className="muted">
        {loading ? 'Loading…' : `${rows.length}${done ? '' : '+'} item${rows.length === 1 ? '' : 's'}`}
      </p>
      <table className="console-table queue-table">
        <caption className="visually-hidden">Review items, flagged first</caption>
        <thead>
          <tr>
            <th scope="col">Call</th>
            <th scope="col">Crew</th>
            <th scope="col">Flags</th>
            <th scope="col">Given and applied</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className={r.flagged ? 'flagged' : undefined}>
              <td data-label="Call">
                <ConsoleLink to={`queue/${r.id}`}>{formatTime(r.startedAt)}</ConsoleLink>
              </td>
              <td data-label="Crew">
                {r.crewName ?? 'Unknown'} {r.badgeNumber && <span className="muted">({r.badgeNumber})</span>}
                {r.stationCode && <div className="muted">{r.stationCode}</div>}
              </td>
              <td data-label="Flags">
                <FlagChips flags={r.flags} context={context} />
              </td>
              <td data-label="Given and applied">
                {r.medications.length > 0 ? r.medications.join(', ') : <span className="muted">No dose</span>}
                <div className="muted">
                  {r.appliedProtocols.length > 0 ? `TP ${r.appliedProtocols.join(', ')}` : 'No protocol applied'}
                </div>
              </td>
              <td data-label="Status">
                <span className={`status status-${r.status}`}>{STATUS_LABELS[r.status]}</span>
                {r.assigneeName && <div className="muted">{r.assigneeName}</div>}
                {r.falloutCodes.length > 0 && <div className="muted">Fallouts {r.falloutCodes.join(', ')}</div>}
                {r.recordsSinceRequest > 0 && <div className="muted">{r.recordsSinceRequest} new record(s)</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && rows.length === 0 && !error && <p>No call matches these filters.</p>}
      {!done && rows.length > 0 && (
        <button
          type="button"
          className="button"
          disabled={loading || !online}
          onClick={() => settle(load(rows.at(-1) ?? null))}
        >
          Show more
        </button>
      )}
    </section>
  );
}
