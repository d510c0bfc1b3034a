import { describe, expect, it } from 'vitest';
import { warmUpEngine } from './warm-up';

describe('warming the search engine up', () => {
  it('runs a whole start and a search, which ranks the protocol the query describes first', () => {
    // The query names chest pain (and a child's vitals): the adult chest-pain protocol still wins on words.
    expect(warmUpEngine()).toBe('1211');
  });
});
