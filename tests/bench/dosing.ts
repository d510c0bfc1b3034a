// Dosing throughput: a mixed set of pediatric requests (including refusals), timed per call.
import { bundledFormulary } from '../../src/domain/dosing/bundled-formulary';
import { calculateDose } from '../../src/domain/dosing/engine';

const formulary = bundledFormulary();

const REQUESTS = [
  { medication: 'epinephrine', route: 'IM', weight_kg: 14, age_years: 3 },
  { medication: 'morphine', route: 'IV', weight_kg: 27.5 },
  { medication: 'fentanyl', route: 'IN', weight_kg: 21, age_years: 6 },
  { medication: 'epinephrine', route: 'IV', indication: 'cardiac arrest', weight_kg: 8 },
  { medication: 'amiodarone', route: 'IO', weight_kg: 36 },
  { medication: 'epinephrine', route: 'IM', weight_kg: 33, age_years: 3 },
  { medication: 'sodium-bicarbonate', route: 'IV', weight_lb: 22, age_months: 9 },
  { medication: 'unobtainium', route: 'IV', weight_kg: 10 },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export async function benchDosing(iterations = 200_000): Promise<Array<Record<string, string | number>>> {
  for (let i = 0; i < 20_000; i++) calculateDose(REQUESTS[i % REQUESTS.length], formulary);
  const samples = new Float64Array(iterations);
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    calculateDose(REQUESTS[i % REQUESTS.length], formulary);
    samples[i] = performance.now() - t0;
  }
  const total = performance.now() - start;
  const sorted = [...samples].sort((a, b) => a - b);
  const us = (ms: number) => Number((ms * 1000).toFixed(2));
  return [
    {
      engine: 'rigside calculateDose',
      requests: iterations,
      'calcs/s': Math.round(iterations / (total / 1000)),
      'p50 µs': us(percentile(sorted, 50)),
      'p95 µs': us(percentile(sorted, 95)),
      'p99 µs': us(percentile(sorted, 99)),
      'design target': '< 15 ms',
    },
  ];
}
