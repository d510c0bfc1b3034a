import { describe, expect, it } from 'vitest';
import { formatWhy } from './why';

describe('formatWhy', () => {
  it('puts a typed code alone', () => {
    expect(formatWhy({ code: '1210-P', words: [], readAs: [], evidence: [] })).toBe('code 1210-P');
  });

  it('lists matched words, what a word was read as, vitals evidence and routing, in that order', () => {
    expect(
      formatWhy({
        words: ['febrile'],
        readAs: [
          { typed: 'sob', as: 'respiratory distress', kind: 'synonym' },
          { typed: 'siezure', as: 'seizure', kind: 'correction' },
          { typed: 'sei', as: 'seizure', kind: 'completion' },
        ],
        evidence: [{ findings: ['low BP', 'fever'], impression: 'SEPS', source: 'TP 1204' }],
        routing: { ageYears: 8, from: 'query', text: '8 yo', population: 'pediatric', matches: true },
      }),
    ).toBe(
      'matched febrile · sob → respiratory distress · siezure → seizure (spelling) · sei… → seizure · low BP + fever → SEPS · 8 yo → pediatric',
    );
  });

  it('says when a result is of the other population and was ranked lower', () => {
    expect(
      formatWhy({
        words: ['seizure'],
        readAs: [],
        evidence: [],
        routing: { ageYears: 4, from: 'patient', text: 'patient open', population: 'pediatric', matches: false },
      }),
    ).toBe('matched seizure · patient: adult protocol ranked lower');
  });
});
