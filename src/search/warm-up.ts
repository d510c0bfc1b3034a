import type { SearchDocument } from '../domain/search/documents';
import { SearchEngine } from './engine';

/** Two made-up protocols: enough for every step of a start and a search to run once. */
const WARM_UP_DOCUMENTS: SearchDocument[] = [
  {
    tp_code: '1211',
    tp_name: 'Cardiac Chest Pain',
    population: 'adult',
    name: 'Cardiac Chest Pain',
    keywords: 'cp chest pain angina',
    content: 'chest pain pressure radiating to the arm',
    popularity: 0,
  },
  {
    tp_code: '1204-P',
    tp_name: 'Fever / Sepsis',
    population: 'pediatric',
    name: 'Fever / Sepsis',
    keywords: 'fever sepsis hot',
    content: 'fever with low blood pressure and a fast heart rate',
    popularity: 0,
  },
];

/** Ages, vitals, field language, a word still being typed: the paths a crew's first query takes. */
const WARM_UP_QUERY = '8 yo chest pain bp 80/50 hr 150 bee sting';

/**
 * Builds, exports, imports and searches a two-protocol engine, and returns the code it ranked
 * first. The search worker runs this while IndexedDB reads the saved index: the real import and
 * the crew's first query then run compiled code with the field-language tables built (in Node,
 * the first query on a fresh engine took 13-21 ms cold and 2-3 ms after this).
 */
export function warmUpEngine(): string | undefined {
  const engine = SearchEngine.import(SearchEngine.build(WARM_UP_DOCUMENTS).export());
  return engine.search(WARM_UP_QUERY, { limit: 12 })[0]?.tp_code;
}
