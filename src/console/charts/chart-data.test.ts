import { describe, expect, it } from 'vitest';
import { toCsv } from '../csv';
import {
  chartRange,
  firstDoseChart,
  firstDoseSchema,
  minutesAndSeconds,
  pediatricWeightChart,
  protocolUseChart,
  syncLagChart,
  syncLagSchema,
  weeksBetween,
} from './chart-data';

describe('the charts’ tables and series', () => {
  it('lists every Monday of a range, the first one on or before its first day', () => {
    // 2026-11-04 is a Wednesday.
    expect(weeksBetween('2026-11-04', '2026-11-24')).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
    expect(weeksBetween('2026-11-02', '2026-11-03')).toEqual(['2026-11-02']);
  });

  it('covers whole weeks from a Monday to today where the agency is, not in UTC', () => {
    // Monday 2026-11-30, 01:00 UTC: still Sunday the 29th in Los Angeles, the last day of that week.
    const sundayEveningInLa = new Date('2026-11-30T01:00:00Z');
    expect(chartRange(4, 'America/Los_Angeles', sundayEveningInLa)).toEqual({
      fromDay: '2026-11-02',
      toDay: '2026-11-30',
    });
    expect(chartRange(4, 'UTC', sundayEveningInLa)).toEqual({ fromDay: '2026-11-09', toDay: '2026-12-01' });
  });

  it('draws the most applied protocols as lines, the rest as Other, and keeps every row in the table', () => {
    const weeks = ['2026-11-02', '2026-11-09'];
    const rows = [
      { week: '2026-11-02', tp_code: '1211', station_code: 'ST12', applied: 5, viewed: 1 },
      { week: '2026-11-09', tp_code: '1211', station_code: 'ST15', applied: 2, viewed: 0 },
      { week: '2026-11-02', tp_code: '1210', station_code: 'ST12', applied: 3, viewed: 0 },
      { week: '2026-11-09', tp_code: '1244', station_code: null, applied: 1, viewed: 4 },
      { week: '2026-11-09', tp_code: '1237', station_code: 'ST12', applied: 0, viewed: 9 },
    ];
    const { table, chart } = protocolUseChart(rows, weeks, 2);
    expect(chart.series).toEqual([
      { label: 'TP 1211', values: [5, 2] },
      { label: 'TP 1210', values: [3, 0] },
      { label: 'Other protocols', values: [0, 1] },
    ]);
    expect(table.rows).toHaveLength(5);
    expect(table.rows[3]).toEqual(['2026-11-09', '1244', 'No station', 1, 4]);
  });

  it('times the first dose in minutes, median solid and 90th percentile dashed, in one colour per KPI', () => {
    const answer = firstDoseSchema.parse({
      refreshed_at: null,
      rows: [
        { week: '2026-11-02', kpi: 'epinephrine_in_arrest', calls: 3, timed: 2, median_seconds: 300, p90_seconds: 348 },
        {
          week: '2026-11-09',
          kpi: 'midazolam_in_pediatric_seizure',
          calls: 1,
          timed: 0,
          median_seconds: null,
          p90_seconds: null,
        },
      ],
    });
    const { table, chart } = firstDoseChart(answer.rows, ['2026-11-02', '2026-11-09']);
    expect(chart.series.map((s) => [s.label, s.values, s.dashed ?? false, s.colour])).toEqual([
      ['First epinephrine in cardiac arrest: median', [5, null], false, 0],
      ['First epinephrine in cardiac arrest: 90th percentile', [5.8, null], true, 0],
      ['First midazolam in a seizing child: median', [null, null], false, 1],
      ['First midazolam in a seizing child: 90th percentile', [null, null], true, 1],
    ]);
    expect(table.rows[0]).toEqual(['2026-11-02', 'First epinephrine in cardiac arrest', 3, 2, '5:00', '5:48']);
    expect(table.rows[1]!.slice(4)).toEqual(['', '']);
    expect(minutesAndSeconds(65)).toBe('1:05');
  });

  it('stacks each unit’s events by lag beside its refused events, and exports the same table as CSV', () => {
    const answer = syncLagSchema.parse({
      refreshed_at: '2026-12-02T05:07:00Z',
      rows: [
        {
          device_id: '0a000000-0000-4000-8000-00000000000a',
          station_code: 'ST12',
          events: 3,
          mean_lag_seconds: 2413,
          max_lag_seconds: 7200,
          under_1m: 2,
          m1_15: 0,
          m15_60: 0,
          h1_4: 1,
          h4_24: 0,
          over_24h: 0,
          rejected: 2,
        },
      ],
    });
    const { table, chart } = syncLagChart(answer.rows);
    expect(chart.categories).toEqual(['ST12 · 0a000000']);
    expect(chart.series.map((s) => [s.label, s.values[0], s.stack])).toEqual([
      ['Under 1 min', 2, 'lag'],
      ['1–15 min', 0, 'lag'],
      ['15–60 min', 0, 'lag'],
      ['1–4 h', 1, 'lag'],
      ['4–24 h', 0, 'lag'],
      ['24 h or more', 0, 'lag'],
      ['Refused by the server', 2, 'refused'],
    ]);
    expect(toCsv(table.header, table.rows).split('\r\n')[1]).toBe(
      'ST12 · 0a000000,0a000000-0000-4000-8000-00000000000a,3,2,0,0,1,0,0,40:13,120:00,2',
    );
  });

  it('shares children’s doses with a weight per week, for every station and each', () => {
    const rows = [
      { week: '2026-11-02', station_code: 'ST12', pediatric_doses: 4, with_weight: 3 },
      { week: '2026-11-02', station_code: 'ST15', pediatric_doses: 1, with_weight: 0 },
      { week: '2026-11-09', station_code: 'ST12', pediatric_doses: 2, with_weight: 2 },
    ];
    const { table, chart } = pediatricWeightChart(rows, ['2026-11-02', '2026-11-09', '2026-11-16']);
    expect(chart.series).toEqual([
      { label: 'Every station', values: [60, 100, null] },
      { label: 'ST12', values: [75, 100, null], dashed: true },
      { label: 'ST15', values: [0, null, null], dashed: true },
    ]);
    expect(table.rows[0]).toEqual(['2026-11-02', 'ST12', 4, 3, 75]);
  });

  it('refuses an answer that is not what the console expects', () => {
    expect(firstDoseSchema.safeParse({ refreshed_at: null, rows: [{ week: 'soon', kpi: 'x' }] }).success).toBe(false);
  });
});
