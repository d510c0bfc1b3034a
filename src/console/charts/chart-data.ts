import { z } from 'zod';
import { addDays, dateInZone } from '../format';

/**
 * The console's charts (issue 15): what each chart RPC answers (checked here, snake_case on the
 * wire), and the one table each chart is drawn from. The table view, the CSV export and the
 * chart's series all come from that table, so the three never disagree.
 */

const answer = <T extends z.ZodType>(row: T) =>
  z.object({ refreshed_at: z.string().nullable(), rows: z.array(row) }).transform((a) => ({
    refreshedAt: a.refreshed_at,
    rows: a.rows,
  }));
const count = z.number().int().min(0);
const week = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const protocolUseSchema = answer(
  z.object({ week, tp_code: z.string(), station_code: z.string().nullable(), applied: count, viewed: count }),
);
export const KPIS = {
  epinephrine_in_arrest: 'First epinephrine in cardiac arrest',
  midazolam_in_pediatric_seizure: 'First midazolam in a seizing child',
} as const;
export type Kpi = keyof typeof KPIS;
export const firstDoseSchema = answer(
  z.object({
    week,
    kpi: z.enum(Object.keys(KPIS) as [Kpi, ...Kpi[]]),
    calls: count,
    timed: count,
    median_seconds: count.nullable(),
    p90_seconds: count.nullable(),
  }),
);
export const LAG_BUCKETS = [
  { key: 'under_1m', label: 'Under 1 min' },
  { key: 'm1_15', label: '1–15 min' },
  { key: 'm15_60', label: '15–60 min' },
  { key: 'h1_4', label: '1–4 h' },
  { key: 'h4_24', label: '4–24 h' },
  { key: 'over_24h', label: '24 h or more' },
] as const;
export type LagBucket = (typeof LAG_BUCKETS)[number]['key'];
export const syncLagSchema = answer(
  z.object({
    device_id: z.string().uuid().nullable(),
    station_code: z.string().nullable(),
    events: count,
    mean_lag_seconds: count.nullable(),
    max_lag_seconds: count.nullable(),
    under_1m: count,
    m1_15: count,
    m15_60: count,
    h1_4: count,
    h4_24: count,
    over_24h: count,
    rejected: count,
  }),
);
export const pediatricWeightSchema = answer(
  z.object({ week, station_code: z.string().nullable(), pediatric_doses: count, with_weight: count }),
);

export type ProtocolUse = z.output<typeof protocolUseSchema>['rows'];
export type FirstDose = z.output<typeof firstDoseSchema>['rows'];
export type SyncLag = z.output<typeof syncLagSchema>['rows'];
export type PediatricWeight = z.output<typeof pediatricWeightSchema>['rows'];

export type Cell = string | number | null;
/** A chart's data as a table: the table view shows it, the CSV export writes it. */
export interface ChartTable {
  header: string[];
  /** Columns holding numbers (right-aligned in the table view). */
  numeric: boolean[];
  rows: Cell[][];
}
export interface Series {
  label: string;
  values: Array<number | null>;
  /** A second measure of the same series (drawn dashed), or a stack name for bars. */
  dashed?: boolean;
  stack?: string;
  /** Which palette colour (default: the series' place), so a KPI's two lines share one. */
  colour?: number;
}
/** What a chart draws: categories along one axis, one or more series. */
export interface ChartSeries {
  categories: string[];
  series: Series[];
}

/** Mondays from the first week of the range to the last, so a week with nothing shows as 0. */
export function weeksBetween(fromDay: string, toDay: string): string[] {
  const weeks: string[] = [];
  const start = new Date(`${fromDay}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  for (let d = start; d.toISOString().slice(0, 10) < toDay; d = new Date(d.getTime() + 7 * 86_400_000))
    weeks.push(d.toISOString().slice(0, 10));
  return weeks;
}

/** "4:05" for 245 seconds; an empty cell when there is no figure. */
export function minutesAndSeconds(seconds: number | null): string {
  if (seconds === null) return '';
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const station = (code: string | null) => code ?? 'No station';

/** Protocols applied per week: the period's most applied protocols, each its own line, the rest as "Other". */
export function protocolUseChart(
  rows: ProtocolUse,
  weeks: string[],
  top = 6,
): { table: ChartTable; chart: ChartSeries } {
  const table: ChartTable = {
    header: ['Week (Monday)', 'Protocol', 'Station', 'Applied', 'Viewed'],
    numeric: [false, false, false, true, true],
    rows: rows.map((r) => [r.week, r.tp_code, station(r.station_code), r.applied, r.viewed]),
  };
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.tp_code, (totals.get(r.tp_code) ?? 0) + r.applied);
  const leaders = [...totals.entries()]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || byText(a[0], b[0]))
    .slice(0, top)
    .map(([code]) => code);
  const lineOf = (code: string) => (leaders.includes(code) ? `TP ${code}` : 'Other protocols');
  const lines = [...leaders.map((c) => `TP ${c}`), ...(totals.size > leaders.length ? ['Other protocols'] : [])];
  const values = new Map(lines.map((l) => [l, weeks.map(() => 0)]));
  for (const r of rows) {
    const i = weeks.indexOf(r.week);
    const line = values.get(lineOf(r.tp_code));
    if (i >= 0 && line) line[i]! += r.applied;
  }
  return { table, chart: { categories: weeks, series: lines.map((label) => ({ label, values: values.get(label)! })) } };
}

/** Median (solid) and 90th percentile (dashed) minutes from patient contact to the first dose, per KPI and week. */
export function firstDoseChart(rows: FirstDose, weeks: string[]): { table: ChartTable; chart: ChartSeries } {
  const table: ChartTable = {
    header: ['Week (Monday)', 'KPI', 'Calls', 'Calls timed', 'Median (min:s)', '90th percentile (min:s)'],
    numeric: [false, false, true, true, true, true],
    rows: rows.map((r) => [
      r.week,
      KPIS[r.kpi],
      r.calls,
      r.timed,
      minutesAndSeconds(r.median_seconds),
      minutesAndSeconds(r.p90_seconds),
    ]),
  };
  const series: Series[] = [];
  for (const [colour, kpi] of (Object.keys(KPIS) as Kpi[]).entries()) {
    const of = (pick: (r: FirstDose[number]) => number | null) =>
      weeks.map((w) => {
        const seconds = pick(rows.find((r) => r.week === w && r.kpi === kpi) ?? ({} as FirstDose[number]));
        return seconds === null || seconds === undefined ? null : Math.round((seconds / 60) * 10) / 10;
      });
    series.push({ label: `${KPIS[kpi]}: median`, values: of((r) => r.median_seconds), colour });
    series.push({ label: `${KPIS[kpi]}: 90th percentile`, values: of((r) => r.p90_seconds), dashed: true, colour });
  }
  return { table, chart: { categories: weeks, series } };
}

/** A unit is a rig's device; its station and the start of its id name it. */
export function unitName(r: Pick<SyncLag[number], 'device_id' | 'station_code'>): string {
  return `${station(r.station_code)} · ${r.device_id ? r.device_id.slice(0, 8) : 'device not named'}`;
}

/** Per unit: events by how late they arrived (stacked), and the events the server refused. */
export function syncLagChart(rows: SyncLag, top = 15): { table: ChartTable; chart: ChartSeries } {
  const table: ChartTable = {
    header: [
      'Unit (station · device)',
      'Device id',
      'Events',
      ...LAG_BUCKETS.map((b) => `Lag ${b.label}`),
      'Mean lag (min:s)',
      'Largest lag (min:s)',
      'Refused',
    ],
    numeric: [false, false, true, ...LAG_BUCKETS.map(() => true), true, true, true],
    rows: rows.map((r) => [
      unitName(r),
      r.device_id,
      r.events,
      ...LAG_BUCKETS.map((b) => r[b.key]),
      minutesAndSeconds(r.mean_lag_seconds),
      minutesAndSeconds(r.max_lag_seconds),
      r.rejected,
    ]),
  };
  // The server sends the units with the most late events first.
  const shown = rows.slice(0, top);
  return {
    table,
    chart: {
      categories: shown.map(unitName),
      series: [
        ...LAG_BUCKETS.map((b) => ({ label: b.label, values: shown.map((r) => r[b.key]), stack: 'lag' })),
        { label: 'Refused by the server', values: shown.map((r) => r.rejected), stack: 'refused' },
      ],
    },
  };
}

/** Share of children's doses with a documented weight, per week: every station together, and each station. */
export function pediatricWeightChart(
  rows: PediatricWeight,
  weeks: string[],
): { table: ChartTable; chart: ChartSeries } {
  const share = (withWeight: number, doses: number) =>
    doses > 0 ? Math.round((withWeight / doses) * 1000) / 10 : null;
  const table: ChartTable = {
    header: ['Week (Monday)', 'Station', "Children's doses", 'With a weight', 'Share (%)'],
    numeric: [false, false, true, true, true],
    rows: rows.map((r) => [
      r.week,
      station(r.station_code),
      r.pediatric_doses,
      r.with_weight,
      share(r.with_weight, r.pediatric_doses),
    ]),
  };
  const stations = [...new Set(rows.map((r) => station(r.station_code)))].sort(byText);
  const sum = (pick: (r: PediatricWeight[number]) => boolean) => (w: string) => {
    const those = rows.filter((r) => r.week === w && pick(r));
    return share(
      those.reduce((n, r) => n + r.with_weight, 0),
      those.reduce((n, r) => n + r.pediatric_doses, 0),
    );
  };
  return {
    table,
    chart: {
      categories: weeks,
      series: [
        { label: 'Every station', values: weeks.map(sum(() => true)) },
        ...(stations.length > 1
          ? stations.map((s) => ({
              label: s,
              values: weeks.map(sum((r) => station(r.station_code) === s)),
              dashed: true,
            }))
          : []),
      ],
    },
  };
}

/**
 * The range of the agency's days the charts cover (the server counts weeks in its time zone):
 * whole weeks from a Monday, the last of them this week up to and including today, so that only
 * the last week is partial (and says so).
 */
export function chartRange(weeks: number, timeZone: string, now = new Date()): { fromDay: string; toDay: string } {
  const today = dateInZone(timeZone, now);
  const sinceMonday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  return { fromDay: addDays(today, -sinceMonday - (weeks - 1) * 7), toDay: addDays(today, 1) };
}
