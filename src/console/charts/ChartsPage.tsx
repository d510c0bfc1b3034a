import { useEffect, useId, useState, type ReactNode } from 'react';
import { z } from 'zod';
import { callRpc } from '../console-client';
import { useConsole } from '../console-context';
import { downloadCsv, toCsv } from '../csv';
import { formatTime, zoneName } from '../format';
import { settle } from '../settle';
import { SelectField } from '../SelectField';
import { ChartCanvas, type ChartCanvasProps } from './ChartCanvas';
import {
  chartRange,
  firstDoseChart,
  firstDoseSchema,
  pediatricWeightChart,
  pediatricWeightSchema,
  protocolUseChart,
  protocolUseSchema,
  syncLagChart,
  syncLagSchema,
  weeksBetween,
  type ChartSeries,
  type ChartTable,
} from './chart-data';

const PERIODS = [4, 13, 26, 52] as const;

/** The current week, still going, is labelled so: its dip is not a trend. */
function soFar(chart: ChartSeries): ChartSeries {
  return { ...chart, categories: chart.categories.map((c, i, all) => (i === all.length - 1 ? `${c} (so far)` : c)) };
}
const withWeeksSoFar = (shaped: { table: ChartTable; chart: ChartSeries }) => ({
  ...shaped,
  chart: soFar(shaped.chart),
});

interface Loaded {
  refreshedAt: string | null;
  protocolUse: { table: ChartTable; chart: ChartSeries };
  firstDose: { table: ChartTable; chart: ChartSeries };
  syncLag: { table: ChartTable; chart: ChartSeries };
  pediatricWeight: { table: ChartTable; chart: ChartSeries };
}

/**
 * The console's charts (issue 15): protocol use, time from patient contact to the first dose
 * for the County's KPIs, sync lag per unit with refused events, and children's doses with a
 * documented weight. Each has a table view and a CSV export of the same table. The figures come
 * from views the server refreshes hourly, never from the records on each load.
 */
export function ChartsPage() {
  const { client, context, online } = useConsole();
  const [weeks, setWeeks] = useState<number>(13);
  const [station, setStation] = useState('');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const { fromDay, toDay } = chartRange(weeks, context.agencyTimeZone);

  useEffect(() => {
    let current = true;
    const args = { from_day: fromDay, to_day: toDay, filter_station_id: station || null };
    const allWeeks = weeksBetween(fromDay, toDay);
    settle(
      Promise.all([
        callRpc(client, 'chart_protocol_use', args, protocolUseSchema),
        callRpc(client, 'chart_time_to_first_dose', args, firstDoseSchema),
        callRpc(client, 'chart_sync_lag', args, syncLagSchema),
        callRpc(client, 'chart_pediatric_weight', args, pediatricWeightSchema),
      ]).then(([use, dose, lag, weight]) => {
        if (!current) return;
        if (!use.ok || !dose.ok || !lag.ok || !weight.ok) {
          const failed = [use, dose, lag, weight].find((r) => !r.ok);
          setError(failed && !failed.ok ? failed.message : 'The charts could not be loaded.');
          return;
        }
        setError(null);
        setLoaded({
          refreshedAt: use.value.refreshedAt,
          protocolUse: withWeeksSoFar(protocolUseChart(use.value.rows, allWeeks)),
          firstDose: withWeeksSoFar(firstDoseChart(dose.value.rows, allWeeks)),
          syncLag: syncLagChart(lag.value.rows),
          pediatricWeight: withWeeksSoFar(pediatricWeightChart(weight.value.rows, allWeeks)),
        });
      }),
    );
    return () => {
      current = false;
    };
  }, [client, fromDay, toDay, station, online]);

  async function exportCsv(what: string, title: string, table: ChartTable) {
    const filters = { from_day: fromDay, to_day: toDay, station_id: station || null };
    const noted = await callRpc(
      client,
      'note_console_export',
      { what, row_count: table.rows.length, filters },
      z.unknown(),
    );
    if (!noted.ok) return setError(noted.message);
    const stationCode = context.stations.find((s) => s.id === station)?.code;
    downloadCsv(
      `rigside-${what.replaceAll('_', '-')}-${context.department.code}${stationCode ? `-${stationCode}` : ''}-${fromDay}-to-${toDay}.csv`,
      toCsv(table.header, table.rows),
    );
    setMessage(
      `${title}: ${table.rows.length} row${table.rows.length === 1 ? '' : 's'} exported. The export is in the audit trail.`,
    );
  }

  return (
    <section className="console-page" aria-labelledby="charts-title">
      <h1 id="charts-title">Charts</h1>
      <p className="muted">
        Weeks start on Monday ({zoneName(context.agencyTimeZone)}); the last week is the one still going.{' '}
        {loaded &&
          (loaded.refreshedAt
            ? `Figures as of ${formatTime(loaded.refreshedAt)}; the server works them out again every hour.`
            : 'The server has not worked the figures out yet: it does so every hour.')}
      </p>
      <form className="console-filters" aria-label="Filter the charts" onSubmit={(e) => e.preventDefault()}>
        <SelectField label="Period" value={String(weeks)} onChange={(v) => setWeeks(Number(v))}>
          {PERIODS.map((w) => (
            <option key={w} value={w}>
              Last {w} weeks
            </option>
          ))}
        </SelectField>
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
      <p role="status" className="chart-status">
        {message ?? ''}
      </p>
      {!loaded && !error && <p>Loading the charts…</p>}
      {loaded && (
        <div className="chart-grid">
          <ChartPanel
            title="Protocol use"
            intro="Times each protocol was applied to a patient, per week: the most applied protocols of the period, the rest together. The table has every protocol by station, with the times it was only viewed."
            table={loaded.protocolUse.table}
            empty="No protocol was applied or viewed in this period."
            onExport={(t) => exportCsv('chart_protocol_use', 'Protocol use', t)}
            chart={{
              kind: 'line',
              data: loaded.protocolUse.chart,
              valueLabel: 'Times applied',
              description: 'Line chart of the times each of the most applied protocols was applied, per week.',
            }}
          />
          <ChartPanel
            title="Time from patient contact to first dose"
            intro="The County’s QI measures: first epinephrine in a cardiac arrest (TP 1210, 1210-P) and first midazolam in a seizing child (TP 1231-P), in minutes from the moment the crew opened the patient. Solid: median; dashed: 90th percentile. A call is timed when its contact time was recorded before the dose."
            table={loaded.firstDose.table}
            empty="No arrest or seizing child was given these medications in this period."
            onExport={(t) => exportCsv('chart_time_to_first_dose', 'Time from patient contact to first dose', t)}
            chart={{
              kind: 'line',
              data: loaded.firstDose.chart,
              valueLabel: 'Minutes',
              description:
                'Line chart of the median and 90th percentile minutes from patient contact to the first dose, per week, for each measure.',
            }}
          />
          <ChartPanel
            title="Sync lag per unit"
            intro="How late each rig’s records reached the server (received minus occurred), and the events the server refused. The units with the most late events come first; the table has every unit."
            table={loaded.syncLag.table}
            empty="No unit sent anything in this period."
            onExport={(t) => exportCsv('chart_sync_lag', 'Sync lag per unit', t)}
            chart={{
              kind: 'stacked-bars',
              data: loaded.syncLag.chart,
              valueLabel: 'Events',
              description:
                'Bar chart per unit of the events received, stacked by how late they arrived, beside the events the server refused.',
            }}
          />
          <ChartPanel
            title="Children’s weight documented"
            intro="Share of children’s doses (14 and under, or dosed by tape colour) recorded with a weight, per week: every station together, and each station dashed."
            table={loaded.pediatricWeight.table}
            empty="No child was given a dose in this period."
            onExport={(t) => exportCsv('chart_pediatric_weight', 'Children’s weight documented', t)}
            chart={{
              kind: 'line',
              data: loaded.pediatricWeight.chart,
              valueLabel: 'Share with a weight (%)',
              max: 100,
              description: 'Line chart of the share of children’s doses recorded with a weight, per week.',
            }}
          />
        </div>
      )}
    </section>
  );
}

function ChartPanel({
  title,
  intro,
  table,
  chart,
  empty,
  onExport,
}: {
  title: string;
  intro: ReactNode;
  table: ChartTable;
  chart: ChartCanvasProps;
  empty: string;
  onExport: (table: ChartTable) => Promise<void>;
}) {
  const { online } = useConsole();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const [busy, setBusy] = useState(false);
  const id = useId();
  return (
    <section className="chart-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="muted small">{intro}</p>
      <div className="button-row chart-tools">
        <div role="group" aria-label={`Show ${title} as`} className="view-toggle">
          <button
            type="button"
            className="button small"
            aria-pressed={view === 'chart'}
            onClick={() => setView('chart')}
          >
            Chart
          </button>
          <button
            type="button"
            className="button small"
            aria-pressed={view === 'table'}
            onClick={() => setView('table')}
          >
            Table
          </button>
        </div>
        <button
          type="button"
          className="button small"
          disabled={busy || !online || table.rows.length === 0}
          onClick={() => {
            setBusy(true);
            settle(onExport(table).finally(() => setBusy(false)));
          }}
        >
          Export CSV<span className="visually-hidden"> of {title}</span>
        </button>
      </div>
      {table.rows.length === 0 ? (
        <p>{empty}</p>
      ) : view === 'chart' ? (
        <ChartCanvas {...chart} />
      ) : (
        <div className="chart-table-wrap" role="region" aria-label={`${title}: table`} tabIndex={0}>
          <table className="console-table chart-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {table.header.map((h, i) => (
                  <th key={h} scope="col" className={table.numeric[i] ? 'num' : undefined}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => (
                    <td key={i} data-label={table.header[i]} className={table.numeric[i] ? 'num' : undefined}>
                      {cell ?? ''}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
