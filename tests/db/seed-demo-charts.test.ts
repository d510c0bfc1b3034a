// The demo generator (npm run db:seed-demo) fills every console chart: what a medical director
// sees on a fresh local stack after seeding, through the chart RPCs, for both demo departments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoRecords } from '../../supabase/local/seed-demo';
import { createTestDatabase, type TestDatabase } from './helpers';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ seed: true });
  await db.query("update public.rate_limit_config set max_requests = 1000000 where scope in ('API', 'GLOBAL')");
  await seedDemoRecords(db.url, { records: 3000, auditEntries: 100 });
}, 120_000);
afterAll(async () => {
  await db?.close();
});

const directors = {
  'North Valley': { userId: 'a0000000-0000-4000-8000-000000000003', appRole: 'medical_director' },
  'Harbor City': { userId: 'a0000000-0000-4000-8000-000000000006', appRole: 'medical_director' },
} as const;

describe('the demo data in the charts', () => {
  for (const [department, caller] of Object.entries(directors)) {
    it(`fills every chart for ${department}`, async () => {
      const read = async (fn: string) =>
        (
          await db.queryAs<{ c: { refreshed_at: string | null; rows: Array<Record<string, number>> } }>(
            caller,
            `select public.${fn}(current_date - 90, current_date + 1) as c`,
          )
        ).rows[0]!.c;
      const use = await read('chart_protocol_use');
      expect(use.refreshed_at).not.toBeNull();
      expect(use.rows.reduce((n, r) => n + r['applied']!, 0)).toBeGreaterThan(100);
      const kpi = await read('chart_time_to_first_dose');
      for (const name of ['epinephrine_in_arrest', 'midazolam_in_pediatric_seizure']) {
        const rows = kpi.rows.filter((r) => (r['kpi'] as unknown) === name);
        expect(rows.length).toBeGreaterThan(0);
        // Every demo call has its contact time: 2 to 10 minutes to the first dose.
        for (const r of rows) {
          expect(r['timed']).toBe(r['calls']);
          expect(r['median_seconds']).toBeGreaterThanOrEqual(120);
          expect(r['median_seconds']).toBeLessThanOrEqual(660);
        }
      }
      const lag = await read('chart_sync_lag');
      expect(lag.rows.length).toBeGreaterThan(5);
      expect(lag.rows.reduce((n, r) => n + r['rejected']!, 0)).toBeGreaterThan(0);
      expect(lag.rows.reduce((n, r) => n + r['h1_4']! + r['h4_24']! + r['over_24h']!, 0)).toBeGreaterThan(0);
      const weight = await read('chart_pediatric_weight');
      expect(weight.rows.reduce((n, r) => n + r['pediatric_doses']!, 0)).toBeGreaterThan(10);
    });
  }
});
