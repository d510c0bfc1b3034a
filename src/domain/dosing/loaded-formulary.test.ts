import { describe, expect, it } from 'vitest';
import { bundledFormularyRecords } from './bundled-formulary';
import { calculateDose } from './engine';
import { isLoadedFormulary, loadFormulary } from './loaded-formulary';

const epiChild = { medication: 'epinephrine', route: 'IM', indication: 'anaphylaxis', weight_kg: 14, age_years: 3 };

function loaded(records: unknown) {
  const load = loadFormulary(records);
  if (!load.ok) throw new Error(load.error.message);
  return load.value;
}

describe('loadFormulary', () => {
  it('takes the records it is given: a changed per-kg dose changes the dose the engine gives', () => {
    const records = bundledFormularyRecords();
    const epinephrine = records.find((m) => m.id === 'epinephrine')!;
    const rule = epinephrine.rules.find((r) => r.id === 'epinephrine-pediatric-anaphylaxis')!;
    rule.dose = { kind: 'per_kg', per_kg: 0.02, max: 0.5 };
    for (const m of records) m.formulary_version = 'agency-2026-01.2';
    const result = calculateDose(epiChild, loaded(records));
    expect(result).toMatchObject({
      ok: true,
      value: { dose: { value: 0.28, unit: 'mg' }, volume_ml: 0.28, formulary_version: 'agency-2026-01.2' },
    });
  });

  it('records the version of the medication record a dose came from', () => {
    const records = bundledFormularyRecords();
    records.find((m) => m.id === 'naloxone')!.formulary_version = 'naloxone-revised-1';
    const formulary = loaded(records);
    expect(formulary.version).toMatch(/ \+ /);
    expect(calculateDose({ medication: 'naloxone', route: 'IN', weight_kg: 80 }, formulary)).toMatchObject({
      ok: true,
      value: { formulary_version: 'naloxone-revised-1' },
    });
    expect(calculateDose(epiChild, formulary)).toMatchObject({
      ok: true,
      value: { formulary_version: expect.not.stringMatching('naloxone') },
    });
  });

  it('refuses records that fail the schema, an empty formulary, and a name that means two drugs', () => {
    const broken = bundledFormularyRecords().map((m) => (m.id === 'atropine' ? { ...m, rules: 'none' } : m));
    expect(loadFormulary(broken)).toMatchObject({
      ok: false,
      error: { code: 'FORMULARY_INVALID', message: expect.stringContaining('rules') },
    });
    expect(loadFormulary([])).toMatchObject({
      ok: false,
      error: { code: 'FORMULARY_INVALID', message: expect.stringContaining('no medications') },
    });
    const clash = bundledFormularyRecords().map((m) =>
      m.id === 'morphine' ? { ...m, aliases: [...m.aliases, 'Narcan'] } : m,
    );
    expect(loadFormulary(clash)).toMatchObject({
      ok: false,
      error: { code: 'FORMULARY_INVALID', message: expect.stringContaining('"Narcan" names both') },
    });
    expect(loadFormulary('not a formulary')).toMatchObject({ ok: false, error: { code: 'FORMULARY_INVALID' } });
  });

  it('keeps its own copy: changing the records handed in afterwards changes no dose', () => {
    const records = bundledFormularyRecords();
    const formulary = loaded(records);
    records.find((m) => m.id === 'epinephrine')!.rules.forEach((rule) => (rule.max_single = 99));
    expect(calculateDose(epiChild, formulary)).toMatchObject({
      ok: true,
      value: { dose: { value: 0.14 }, max_single: { value: 0.5 } },
    });
  });
});

describe('calculateDose without a valid formulary', () => {
  it('refuses with its own code, never falling back to a built-in formulary', () => {
    for (const formulary of [null, undefined, {}, { medications: bundledFormularyRecords() }]) {
      expect(isLoadedFormulary(formulary)).toBe(false);
      const result = calculateDose(epiChild, formulary as never);
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'FORMULARY_NOT_LOADED', message: expect.stringContaining('No valid formulary') },
      });
    }
  });
});
