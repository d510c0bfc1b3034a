import { describe, expect, it } from 'vitest';
import { bundledFormulary } from './bundled-formulary';
import { calculateDose, type DoseRequest } from './engine';

/** Every case here doses from the bundled formulary, as the CLI does. */
const calculate = (request: unknown) => calculateDose(request, bundledFormulary());

const adult = { weight_kg: 70, age_years: 40 };
const now = '2025-07-01T12:00:00Z';
const ago = (minutes: number) => new Date(Date.parse(now) - minutes * 60_000).toISOString();

type Row = [
  label: string,
  request: Partial<DoseRequest>,
  dose: number,
  unit: string,
  volumeMl: number | null,
  quantity?: number,
];

/**
 * Every adult dose of the Drug Reference (1317.x) and the chart's adult page, typed in by
 * hand from the reference and checked against it twice. Each row cites its page.
 */
const ROWS: Row[] = [
  ['1317.1 adenosine SVT, first dose', { medication: 'adenosine', route: 'IV', indication: 'svt' }, 6, 'mg', 2],
  [
    '1317.1 / TP 1213 adenosine, poor perfusion',
    { medication: 'adenosine', route: 'IV', indication: 'svt with poor perfusion' },
    12,
    'mg',
    4,
  ],
  ['1317.3 albuterol neb, wheezing', { medication: 'albuterol', route: 'NEB', indication: 'wheezing' }, 5, 'mg', 6],
  [
    '1317.3 albuterol MDI, 4 puffs',
    { medication: 'albuterol', route: 'MDI', indication: 'bronchospasm' },
    360,
    'mcg',
    null,
    4,
  ],
  [
    '1317.3 albuterol neb, hyperkalemia',
    { medication: 'albuterol', route: 'NEB', indication: 'hyperkalemia' },
    5,
    'mg',
    6,
  ],
  [
    '1317.3 albuterol neb, before extrication',
    { medication: 'albuterol', route: 'NEB', indication: 'crush prevention' },
    5,
    'mg',
    6,
  ],
  [
    '1317.5 amiodarone in arrest, first dose',
    { medication: 'amiodarone', route: 'IO', indication: 'vf' },
    300,
    'mg',
    6,
  ],
  ['1317.7 aspirin', { medication: 'aspirin', route: 'PO', indication: 'chest pain' }, 325, 'mg', null, 1],
  ['1317.9 atropine, bradycardia', { medication: 'atropine', route: 'IV', indication: 'bradycardia' }, 1, 'mg', 10],
  [
    '1317.9 atropine, organophosphate',
    { medication: 'atropine', route: 'IO', indication: 'organophosphate' },
    2,
    'mg',
    20,
  ],
  [
    '1317.11 calcium chloride, arrest',
    { medication: 'calcium-chloride', route: 'IV', indication: 'cardiac arrest' },
    1,
    'g',
    10,
  ],
  [
    '1317.11 calcium chloride, hyperkalemia',
    { medication: 'calcium-chloride', route: 'IO', indication: 'hyperkalemia' },
    1,
    'g',
    10,
  ],
  [
    '1317.11 calcium chloride, calcium channel blocker',
    { medication: 'calcium-chloride', route: 'IV', indication: 'ccb overdose' },
    1,
    'g',
    10,
  ],
  ['1317.13 dextrose 10%', { medication: 'dextrose', route: 'IV', indication: 'hypoglycemia' }, 125, 'mL', 125],
  ['1317.15 diphenhydramine IV', { medication: 'diphenhydramine', route: 'IV', indication: 'hives' }, 50, 'mg', 1],
  [
    '1317.15 diphenhydramine IM, dystonia',
    { medication: 'diphenhydramine', route: 'IM', indication: 'dystonic reaction' },
    50,
    'mg',
    1,
  ],
  [
    '1317.17 epinephrine IM, anaphylaxis',
    { medication: 'epinephrine', route: 'IM', indication: 'anaphylaxis' },
    0.5,
    'mg',
    0.5,
  ],
  [
    '1317.17 epinephrine IM, airway swelling',
    { medication: 'epinephrine', route: 'IM', indication: 'airway swelling' },
    0.5,
    'mg',
    0.5,
  ],
  [
    '1317.17 epinephrine IM, bronchospasm',
    { medication: 'epinephrine', route: 'IM', indication: 'asthma' },
    0.5,
    'mg',
    0.5,
  ],
  [
    '1317.17 epinephrine IV, cardiac arrest',
    { medication: 'epinephrine', route: 'IV', indication: 'cardiac arrest' },
    1,
    'mg',
    10,
  ],
  ['1317.17 push-dose epinephrine', { medication: 'epinephrine', route: 'IO', indication: 'push dose' }, 10, 'mcg', 1],
  ['1317.17 epinephrine neb, stridor', { medication: 'epinephrine', route: 'NEB', indication: 'stridor' }, 5, 'mg', 5],
  ['1317.19 fentanyl IV', { medication: 'fentanyl', route: 'IV', indication: 'pain' }, 50, 'mcg', 1],
  ['1317.19 fentanyl IN', { medication: 'fentanyl', route: 'IN' }, 50, 'mcg', 1],
  ['1317.20 glucagon IM', { medication: 'glucagon', route: 'IM' }, 1, 'mg', 1],
  ['1317.21 hydroxocobalamin', { medication: 'hydroxocobalamin', route: 'IV' }, 5, 'g', 200],
  ['1317.22 ketorolac IV', { medication: 'ketorolac', route: 'IV' }, 15, 'mg', 1],
  ['1317.22 ketorolac IM', { medication: 'ketorolac', route: 'IM' }, 30, 'mg', 2],
  ['1317.23 lidocaine IO, first dose', { medication: 'lidocaine', route: 'IO' }, 40, 'mg', 2],
  [
    '1317.25 midazolam, behavioral crisis',
    { medication: 'midazolam', route: 'IM', indication: 'agitation' },
    5,
    'mg',
    1,
  ],
  [
    '1317.25 midazolam, severe agitation with ALOC',
    { medication: 'midazolam', route: 'IN', indication: 'severe agitation' },
    5,
    'mg',
    1,
  ],
  [
    '1317.25 midazolam, sedation for pacing',
    { medication: 'midazolam', route: 'IO', indication: 'pacing' },
    5,
    'mg',
    1,
  ],
  ['1317.25 midazolam IM, seizure', { medication: 'midazolam', route: 'IM', indication: 'seizure' }, 10, 'mg', 2],
  ['1317.25 midazolam IV, seizure', { medication: 'midazolam', route: 'IV', indication: 'seizure' }, 5, 'mg', 1],
  ['1317.27 morphine', { medication: 'morphine', route: 'IM' }, 4, 'mg', 1],
  ['1317.29 naloxone IN (1 mg per nostril)', { medication: 'naloxone', route: 'IN' }, 2, 'mg', 2],
  ['1317.29 naloxone IM', { medication: 'naloxone', route: 'IM' }, 2, 'mg', 2],
  ['1317.29 naloxone IV, starting dose', { medication: 'naloxone', route: 'IV' }, 0.8, 'mg', 0.8],
  [
    '1317.31 nitroglycerin, chest pain',
    { medication: 'nitroglycerin', route: 'SL', indication: 'chest pain', sbp_mmhg: 130 },
    0.4,
    'mg',
    null,
    1,
  ],
  [
    '1317.31 nitroglycerin CHF, SBP 100-149',
    { medication: 'nitroglycerin', route: 'SL', indication: 'chf', sbp_mmhg: 149 },
    0.4,
    'mg',
    null,
    1,
  ],
  [
    '1317.31 nitroglycerin CHF, SBP 150-199',
    { medication: 'nitroglycerin', route: 'SL', indication: 'chf', sbp_mmhg: 150 },
    0.8,
    'mg',
    null,
    2,
  ],
  [
    '1317.31 nitroglycerin CHF, SBP 200 or more',
    { medication: 'nitroglycerin', route: 'SL', indication: 'chf', sbp_mmhg: 200 },
    1.2,
    'mg',
    null,
    3,
  ],
  ['1317.32 olanzapine ODT', { medication: 'olanzapine', route: 'ODT' }, 10, 'mg', null, 1],
  ['1317.33 ondansetron ODT', { medication: 'ondansetron', route: 'ODT' }, 4, 'mg', null, 1],
  ['1317.33 ondansetron IV', { medication: 'ondansetron', route: 'IV' }, 4, 'mg', 2],
  [
    '1317.37 DuoDote, mild exposure',
    { medication: 'duodote', route: 'IM', indication: 'mild' },
    1,
    'autoinjector',
    null,
    1,
  ],
  [
    '1317.37 DuoDote, moderate exposure',
    { medication: 'pralidoxime', route: 'IM', indication: 'moderate exposure' },
    2,
    'autoinjector',
    null,
    2,
  ],
  [
    '1317.37 DuoDote, severe exposure',
    { medication: 'pralidoxime', route: 'IM', indication: 'severe' },
    3,
    'autoinjector',
    null,
    3,
  ],
  [
    '1317.39 sodium bicarbonate, crush hyperkalemia',
    { medication: 'bicarb', route: 'IO', indication: 'crush syndrome' },
    50,
    'mEq',
    50,
  ],
  [
    '1317.39 sodium bicarbonate',
    { medication: 'sodium-bicarbonate', route: 'IV', indication: 'tricyclic overdose' },
    50,
    'mEq',
    50,
  ],
  ['1317.41 TXA', { medication: 'tranexamic-acid', route: 'IV', indication: 'hemorrhage' }, 1, 'g', 10],
  ['MCG 1309 adult page: normal saline bolus', { medication: 'normal-saline', route: 'IV' }, 1000, 'mL', 1000],
  ['MCG 1309 adult page: Glucopaste', { medication: 'oral-glucose', route: 'PO' }, 15, 'g', null, 1],
  ['TP 1240: diazepam autoinjector (CHEMPACK)', { medication: 'diazepam', route: 'IM' }, 10, 'mg', null, 1],
];

describe('adult doses (Drug Reference 1317.x, MCG 1309 adult page)', () => {
  it.each(ROWS)('%s', (_label, request, dose, unit, volumeMl, quantity) => {
    const result = calculate({ ...adult, ...request });
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    expect(result.value).toMatchObject({
      population: 'adult',
      color: 'Adult',
      dose: { value: dose, unit },
      volume_ml: volumeMl,
      capped: false,
    });
    if (quantity !== undefined) expect(result.value.quantity?.value).toBe(quantity);
  });

  it('covers every adult rule of the formulary', () => {
    const seen = new Set(
      ROWS.map(([, request]) => {
        const result = calculate({ ...adult, ...request });
        return result.ok ? result.value.rule : '';
      }),
    );
    const adultRules = bundledFormulary().medications.flatMap((m) =>
      m.rules.filter((r) => r.population === 'adult').map((r) => r.id),
    );
    expect(adultRules.filter((id) => !seen.has(id))).toEqual([]);
  });

  it('gives the second dose of a two-step sequence once the first is recorded (adenosine 6 then 12 mg, amiodarone 300 then 150 mg, lidocaine 40 then 20 mg)', () => {
    const second = (medication: string, route: string, indication: string | undefined, first: number) =>
      calculate({
        ...adult,
        medication,
        route,
        indication,
        now,
        given_doses: [{ medication, dose: { value: first, unit: 'mg' }, at: ago(3), route }],
      });
    expect(second('adenosine', 'IV', 'svt', 6)).toMatchObject({
      ok: true,
      value: { dose: { value: 12 }, volume_ml: 4, dose_number: 2 },
    });
    expect(second('amiodarone', 'IV', 'cardiac arrest', 300)).toMatchObject({
      ok: true,
      value: { dose: { value: 150 }, volume_ml: 3 },
    });
    expect(second('lidocaine', 'IO', undefined, 40)).toMatchObject({
      ok: true,
      value: { dose: { value: 20 }, volume_ml: 1 },
    });
  });

  it('refuses drugs and routes the reference keeps from children, and says what the child may have', () => {
    const child = { weight_kg: 20, age_years: 6 };
    expect(calculate({ ...child, medication: 'nitroglycerin', route: 'SL', indication: 'chest pain' })).toMatchObject({
      ok: false,
      error: { code: 'ADULT_ONLY' },
    });
    expect(calculate({ ...child, medication: 'tranexamic-acid', route: 'IV' })).toMatchObject({
      ok: false,
      error: { code: 'ADULT_ONLY' },
    });
    expect(calculate({ ...child, medication: 'olanzapine', route: 'ODT' })).toMatchObject({
      ok: false,
      error: { code: 'ADULT_ONLY' },
    });
    const iv = calculate({ ...child, medication: 'ondansetron', route: 'IV' });
    expect(iv).toMatchObject({ ok: false, error: { code: 'ADULT_ONLY', message: expect.stringContaining('ODT') } });
  });

  it('applies adult age limits to patients off the tape: TXA and aspirin not under 15, ketorolac not over 65, IV ondansetron needs the age', () => {
    const bigChild = { weight_kg: 45, age_years: 12 };
    expect(calculate({ ...bigChild, medication: 'tranexamic-acid', route: 'IV' })).toMatchObject({
      ok: false,
      error: { code: 'AGE_LIMIT' },
    });
    expect(calculate({ ...bigChild, medication: 'aspirin', route: 'PO' })).toMatchObject({
      ok: false,
      error: { code: 'AGE_LIMIT' },
    });
    expect(calculate({ ...bigChild, medication: 'olanzapine', route: 'ODT' })).toMatchObject({
      ok: true,
      value: { dose: { value: 10 } },
    });
    expect(calculate({ weight_kg: 70, age_years: 66, medication: 'ketorolac', route: 'IM' })).toMatchObject({
      ok: false,
      error: { code: 'AGE_LIMIT' },
    });
    expect(calculate({ weight_kg: 70, age_years: 65, medication: 'ketorolac', route: 'IM' })).toMatchObject({
      ok: true,
    });
    expect(calculate({ weight_kg: 70, medication: 'ondansetron', route: 'IM' })).toMatchObject({
      ok: false,
      error: { code: 'AGE_REQUIRED' },
    });
    const txaNoAge = calculate({ weight_kg: 70, medication: 'txa', route: 'IV' });
    expect(txaNoAge).toMatchObject({
      ok: true,
      value: { warnings: expect.arrayContaining([expect.objectContaining({ code: 'AGE_NOT_GIVEN' })]) },
    });
    // MCG 1309: the IV/IO seizure dose is for patients over 14.
    expect(calculate({ ...bigChild, medication: 'midazolam', route: 'IV', indication: 'seizure' })).toMatchObject({
      ok: false,
      error: { code: 'AGE_LIMIT' },
    });
  });

  it('holds nitroglycerin below SBP 100 and reminds to check the SBP when none is entered', () => {
    expect(
      calculate({ ...adult, medication: 'nitroglycerin', route: 'SL', indication: 'chf', sbp_mmhg: 99 }),
    ).toMatchObject({ ok: false, error: { code: 'HELD_LOW_SBP' } });
    const noSbp = calculate({ ...adult, medication: 'nitroglycerin', route: 'SL', indication: 'chest pain' });
    expect(noSbp).toMatchObject({
      ok: true,
      value: {
        dose: { value: 0.4 },
        warnings: expect.arrayContaining([expect.objectContaining({ code: 'SBP_NOT_GIVEN' })]),
      },
    });
  });

  it('asks for the indication where adult doses differ by it, and sends adult nerve-agent exposure to DuoDote', () => {
    expect(calculate({ ...adult, medication: 'adenosine', route: 'IV' })).toMatchObject({
      ok: false,
      error: { code: 'INDICATION_REQUIRED' },
    });
    expect(calculate({ ...adult, medication: 'atropine', route: 'IV' })).toMatchObject({
      ok: false,
      error: { code: 'INDICATION_REQUIRED' },
    });
    expect(calculate({ ...adult, medication: 'atropine', route: 'IV', indication: 'nerve agent' })).toMatchObject({
      ok: false,
      error: { code: 'INDICATION_NOT_AVAILABLE', message: expect.stringContaining('DuoDote') },
    });
    expect(
      calculate({ ...adult, medication: 'calcium-chloride', route: 'IO', indication: 'ccb overdose' }),
    ).toMatchObject({ ok: false, error: { code: 'ROUTE_NOT_AVAILABLE' } });
    expect(calculate({ ...adult, medication: 'naloxone', route: 'IO' })).toMatchObject({
      ok: false,
      error: { code: 'ROUTE_NOT_AVAILABLE' },
    });
  });
});
