import { useEffect, useState } from 'react';
import { settle } from '../settle';
import { z } from 'zod';
import { callRpc, type RpcResult } from '../console-client';
import { useConsole } from '../console-context';
import { downloadCsv, toCsv } from '../csv';
import { formatTime, startOfLocalDay, startOfNextLocalDay } from '../format';
import { navigate, useConsoleLocation } from '../router';
import { SelectField } from '../SelectField';

const entrySchema = z
  .object({
    id: z.string().uuid(),
    occurred_at: z.string(),
    received_at: z.string(),
    user_id: z.string().uuid().nullable(),
    full_name: z.string().nullable(),
    badge_number: z.string().nullable(),
    station_code: z.string().nullable(),
    session_id: z.string().uuid().nullable(),
    source: z.enum(['device', 'server']),
    action: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .transform((e) => ({
    id: e.id,
    occurredAt: e.occurred_at,
    receivedAt: e.received_at,
    person: e.full_name ? `${e.full_name} (${e.badge_number ?? ''})` : 'no one (the server)',
    station: e.station_code,
    session: e.session_id,
    source: e.source,
    action: e.action,
    details: e.details,
  }));
type Entry = z.infer<typeof entrySchema>;
const pageSchema = z.array(entrySchema);

/** Keys of an entry's details that name what it is about, for the resource filter. */
const RESOURCE_KEYS = [
  ['tp_code', 'Protocol (TP code)'],
  ['review_id', 'QI review item'],
  ['version_id', 'Protocol or medication version'],
  ['medication', 'Medication'],
  ['member_id', 'Crew member (bans)'],
  ['submission_id', 'ePCR hand-off'],
] as const;
const FILTERS = ['person', 'action', 'source', 'key', 'value', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];
const PAGE_SIZE = 100;
const EXPORT_LIMIT = 50_000;

/** The department's audit trail: what crews did on their devices and what the server did for someone. */
export function AuditPage() {
  const { client, context, online } = useConsole();
  const { search } = useConsoleLocation();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, search.get(f) ?? ''])) as Record<Filter, string>;
  const [draftValue, setDraftValue] = useState(filters.value);
  const [actions, setActions] = useState<string[]>([]);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(true);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = FILTERS.map((f) => filters[f]).join('|');

  const args = (after: Entry | null, pageSize: number) => ({
    filter_user_id: filters.person || null,
    filter_action: filters.action || null,
    filter_source: filters.source || null,
    filter_resource_key: filters.key && filters.value ? filters.key : null,
    filter_resource_value: filters.key && filters.value ? filters.value : null,
    from_time: startOfLocalDay(filters.from),
    to_time: startOfNextLocalDay(filters.to),
    after_occurred_at: after?.occurredAt ?? null,
    after_id: after?.id ?? null,
    page_size: pageSize,
  });

  async function load(after: Entry | null) {
    setBusy(true);
    const result = await callRpc(client, 'search_audit_logs', args(after, PAGE_SIZE), pageSchema);
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setError(null);
    setEntries((previous) => (after ? [...previous, ...result.value] : result.value));
    setDone(result.value.length < PAGE_SIZE);
  }

  useEffect(() => {
    settle(load(null));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, online]);

  useEffect(() => {
    settle(callRpc(client, 'list_audit_actions', {}, z.array(z.string())).then((r) => r.ok && setActions(r.value)));
  }, [client]);

  function setFilter(changes: Partial<Record<Filter, string>>) {
    const next = new URLSearchParams(search);
    for (const [name, v] of Object.entries(changes)) {
      if (v) next.set(name, v);
      else next.delete(name);
    }
    navigate(`audit${next.size ? `?${next.toString()}` : ''}`, { replace: true });
  }

  async function exportCsv() {
    setBusy(true);
    setMessage('Exporting…');
    const all: Entry[] = [];
    for (let after: Entry | null = null; all.length < EXPORT_LIMIT;) {
      const result: RpcResult<Entry[]> = await callRpc(client, 'search_audit_logs', args(after, 1000), pageSchema);
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
      ['occurred_at', 'received_at', 'person', 'station', 'source', 'action', 'details', 'session_id', 'id'],
      all.map((e) => [e.occurredAt, e.receivedAt, e.person, e.station, e.source, e.action, e.details, e.session, e.id]),
    );
    await callRpc(
      client,
      'note_console_export',
      { what: 'audit_trail', row_count: all.length, filters: Object.fromEntries(FILTERS.map((f) => [f, filters[f]])) },
      z.unknown(),
    );
    downloadCsv(`rigside-audit-${context.department.code}-${new Date().toISOString().slice(0, 10)}.csv`, csv);
    setBusy(false);
    setMessage(
      `Exported ${all.length} entr${all.length === 1 ? 'y' : 'ies'}${all.length >= EXPORT_LIMIT ? ' (the first 50,000: narrow the filters for the rest)' : ''}. The export is itself in the trail.`,
    );
  }

  return (
    <section className="console-page" aria-labelledby="audit-title">
      <h1 id="audit-title">Audit trail</h1>
      <p className="muted">
        Every entry of {context.department.name}: what crews did on their devices and what the server did on someone’s
        behalf (approvals, reviews, bans lifted). Nobody can change an entry.
      </p>
      <form
        className="console-filters"
        aria-label="Filter the audit trail"
        onSubmit={(e) => (e.preventDefault(), setFilter({ value: draftValue }))}
      >
        <SelectField label="Person" value={filters.person} onChange={(v) => setFilter({ person: v })}>
          <option value="">Everyone</option>
          {context.people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.fullName} ({p.badgeNumber})
            </option>
          ))}
        </SelectField>
        <SelectField label="Action" value={filters.action} onChange={(v) => setFilter({ action: v })}>
          <option value="">Any action</option>
          {actions.map((a) => (
            <option key={a} value={a}>
              {a.replaceAll('_', ' ')}
            </option>
          ))}
        </SelectField>
        <SelectField label="Source" value={filters.source} onChange={(v) => setFilter({ source: v })}>
          <option value="">Device and server</option>
          <option value="device">Device</option>
          <option value="server">Server</option>
        </SelectField>
        <SelectField label="Resource" value={filters.key} onChange={(v) => setFilter({ key: v })}>
          <option value="">Any resource</option>
          {RESOURCE_KEYS.map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </SelectField>
        <label className="field">
          <span>Resource id or code</span>
          <input
            value={draftValue}
            onChange={(e) => setDraftValue(e.target.value)}
            onBlur={() => setFilter({ value: draftValue })}
            disabled={!filters.key}
          />
        </label>
        <label className="field">
          <span>From</span>
          <input type="date" value={filters.from} onChange={(e) => setFilter({ from: e.target.value })} />
        </label>
        <label className="field">
          <span>To</span>
          <input type="date" value={filters.to} onChange={(e) => setFilter({ to: e.target.value })} />
        </label>
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
        {message ?? (busy ? 'Loading…' : `${entries.length}${done ? '' : '+'} entries`)}
      </p>
      <table className="console-table audit-table">
        <caption className="visually-hidden">Audit entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Source</th>
            <th scope="col">Action</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td data-label="When">{formatTime(e.occurredAt)}</td>
              <td data-label="Who">
                {e.person}
                {e.station && <div className="muted">{e.station}</div>}
              </td>
              <td data-label="Source">{e.source}</td>
              <td data-label="Action">{e.action.replaceAll('_', ' ')}</td>
              <td data-label="Details" className="details-cell">
                {Object.entries(e.details)
                  .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
                  .join(' · ') || <span className="muted">none</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!done && entries.length > 0 && (
        <button
          type="button"
          className="button"
          disabled={busy || !online}
          onClick={() => settle(load(entries.at(-1) ?? null))}
        >
          Show more
        </button>
      )}
    </section>
  );
}
