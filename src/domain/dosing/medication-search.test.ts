import { describe, expect, it } from 'vitest';
import { bundledFormulary } from './bundled-formulary';
import { searchMedications as searchIn } from './medication-search';

const searchMedications = (q: string) => searchIn(bundledFormulary(), q);
const first = (q: string) => searchMedications(q)[0];

describe('searchMedications', () => {
  it('finds a medication from the first letters of its generic name', () => {
    expect(first('epi')).toMatchObject({ id: 'epinephrine', matched: 'epi' });
    expect(first('mida')).toMatchObject({ id: 'midazolam', matched: null });
    expect(first('Calcium')).toMatchObject({ id: 'calcium-chloride' });
  });

  it('finds it from a brand name or an abbreviation and says which name matched', () => {
    expect(first('narc')).toMatchObject({ id: 'naloxone', matched: 'Narcan' });
    expect(first('zof')).toMatchObject({ id: 'ondansetron', matched: 'Zofran' });
    expect(first('TXA')).toMatchObject({ id: 'tranexamic-acid' });
    expect(first('duodote')).toMatchObject({ id: 'pralidoxime' });
    expect(first('versed')).toMatchObject({ id: 'midazolam' });
  });

  it('matches a class only from the start of a word', () => {
    expect(searchMedications('epi').map((h) => h.id)).not.toContain('diazepam');
    expect(searchMedications('opioid').map((h) => h.id)).toEqual(expect.arrayContaining(['fentanyl', 'morphine']));
  });

  it('ranks a generic-name match above a class match', () => {
    const ids = searchMedications('benzo').map((h) => h.id);
    expect(ids).toEqual(expect.arrayContaining(['midazolam', 'diazepam']));
    expect(searchMedications('nitro')[0]?.id).toBe('nitroglycerin');
  });

  it('finds medications the engine does not dose, flagged so the screen can say why', () => {
    expect(first('tylenol')).toMatchObject({ id: 'acetaminophen', status: 'not_in_formulary' });
    expect(first('oxygen')).toMatchObject({ id: 'oxygen', status: 'titrated' });
  });

  it('lists everything for an empty query and nothing for nonsense', () => {
    expect(searchMedications('').length).toBe(28);
    expect(searchMedications('qqq')).toEqual([]);
  });
});
