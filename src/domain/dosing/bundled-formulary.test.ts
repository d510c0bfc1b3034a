import { describe, expect, it } from 'vitest';
import { bundledFormularyRecords } from './bundled-formulary';
import { FORMULARY_VERSION } from './formulary';
import { formularyRecordsSchema } from './formulary-schema';

const IDS = [
  'acetaminophen',
  'adenosine',
  'albuterol',
  'amiodarone',
  'aspirin',
  'atropine',
  'calcium-chloride',
  'dextrose',
  'diazepam',
  'diphenhydramine',
  'epinephrine',
  'fentanyl',
  'glucagon',
  'hydroxocobalamin',
  'ketorolac',
  'lidocaine',
  'midazolam',
  'morphine',
  'naloxone',
  'nitroglycerin',
  'normal-saline',
  'olanzapine',
  'ondansetron',
  'oral-glucose',
  'oxygen',
  'pralidoxime',
  'sodium-bicarbonate',
  'tranexamic-acid',
];

describe('the bundled formulary records', () => {
  it('has one record per medication, under the kebab-case ids the protocols already use', () => {
    expect(bundledFormularyRecords().map((r) => r.id)).toEqual(IDS);
  });

  it('passes its own schema and survives a JSON round trip unchanged (what the dataset bundle stores)', () => {
    const records = bundledFormularyRecords();
    expect(formularyRecordsSchema.safeParse(JSON.parse(JSON.stringify(records))).success).toBe(true);
    expect(JSON.parse(JSON.stringify(records))).toEqual(records);
  });

  it('carries routes, concentrations, dose rules with limits, and the formulary version', () => {
    const epinephrine = bundledFormularyRecords().find((r) => r.id === 'epinephrine')!;
    expect(epinephrine.routes).toEqual(['IV', 'IO', 'IM', 'NEB']);
    expect(epinephrine.concentrations).toEqual(expect.arrayContaining(['1 mg/mL', '0.1 mg/mL']));
    expect(epinephrine.formulary_version).toBe(FORMULARY_VERSION);
    const arrest = epinephrine.rules.find((r) => r.id === 'epinephrine-adult-arrest')!;
    expect(arrest).toMatchObject({
      dose: { kind: 'fixed', value: 1 },
      unit: 'mg',
      max_single: 1,
      limits: { repeat_interval_min: 5, max_total_before_base: { value: 3 } },
    });
    const nitro = bundledFormularyRecords().find((r) => r.id === 'nitroglycerin')!;
    expect(nitro).toMatchObject({
      adult_only: true,
      interactions: expect.arrayContaining([expect.objectContaining({ request_flag: 'pde5_inhibitor_within_48h' })]),
    });
    expect(
      bundledFormularyRecords()
        .find((r) => r.id === 'ondansetron')!
        .rules.find((r) => r.population === 'pediatric'),
    ).toMatchObject({ age: { min_years: 4 } });
  });

  it('refuses records that contradict themselves', () => {
    const [adenosine] = bundledFormularyRecords().filter((r) => r.id === 'adenosine');
    const broken = { ...adenosine!, rules: adenosine!.rules.map((r) => ({ ...r, indications: ['toothache'] })) };
    const result = formularyRecordsSchema.safeParse([broken]);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues[0]?.message).toMatch(/unknown indication "toothache"/);
    expect(formularyRecordsSchema.safeParse([...bundledFormularyRecords(), bundledFormularyRecords()[0]]).success).toBe(
      false,
    );
  });

  it('returns a fresh copy, so a caller cannot change what the engine doses with', () => {
    const first = bundledFormularyRecords();
    first[1]!.rules.length = 0;
    expect(bundledFormularyRecords()[1]!.rules.length).toBeGreaterThan(0);
  });
});
