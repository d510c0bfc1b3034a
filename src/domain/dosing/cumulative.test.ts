import { describe, expect, it } from 'vitest';
import { bundledFormulary } from './bundled-formulary';
import { calculateDose, type GivenDose } from './engine';
import { convertDose } from './cumulative';

/** Every case here doses from the bundled formulary, as the CLI does. */
const calculate = (request: unknown) => calculateDose(request, bundledFormulary());

const now = '2025-07-01T12:00:00Z';
const ago = (minutes: number) => new Date(Date.parse(now) - minutes * 60_000).toISOString();
const adult = { weight_kg: 80, age_years: 45, now };
const child = { weight_kg: 20, age_years: 6, now };
const dose = (
  medication: string,
  value: number,
  unit: GivenDose['dose']['unit'],
  minutesAgo: number,
  extra: Partial<GivenDose> = {},
): GivenDose => ({
  medication,
  dose: { value, unit },
  at: ago(minutesAgo),
  ...extra,
});
const codes = (result: ReturnType<typeof calculate>) => (result.ok ? result.value.warnings.map((w) => w.code) : []);

describe('doses already given in this patient context', () => {
  it('refuses a fourth 50 mcg of fentanyl before Base (150 mcg), and allows it on a Base order up to 250 mcg', () => {
    const three = [30, 20, 10].map((m) => dose('fentanyl', 50, 'mcg', m));
    const before = calculate({ ...adult, medication: 'fentanyl', route: 'IV', given_doses: three });
    expect(before).toMatchObject({
      ok: false,
      error: { code: 'MAX_TOTAL_REACHED', message: expect.stringMatching(/150 mcg.*Base/) },
    });
    const onOrder = calculate({ ...adult, medication: 'fentanyl', route: 'IV', given_doses: three, base_order: true });
    expect(onOrder).toMatchObject({
      ok: true,
      value: {
        dose: { value: 50 },
        given_total: { value: 150 },
        max_total: { value: 250, scope: 'total' },
        dose_number: 4,
      },
    });
    expect(codes(onOrder)).toContain('BEYOND_BASE_LIMIT_ON_ORDER');
    const five = [50, 40, 30, 20, 10].map((m) => dose('fentanyl', 50, 'mcg', m));
    expect(
      calculate({ ...adult, medication: 'fentanyl', route: 'IN', given_doses: five, base_order: true }),
    ).toMatchObject({ ok: false, error: { code: 'MAX_TOTAL_REACHED' } });
  });

  it('warns when this dose reaches the max total, and refuses (not trims) a whole dose that would pass it', () => {
    const eight = calculate({
      ...adult,
      medication: 'morphine',
      route: 'IV',
      given_doses: [dose('morphine', 4, 'mg', 20), dose('morphine', 4, 'mg', 10)],
    });
    expect(eight).toMatchObject({ ok: true, value: { dose: { value: 4 }, given_total: { value: 8 } } });
    expect(codes(eight)).toContain('MAX_TOTAL_REACHED_WITH_THIS_DOSE');
    // 1317.27 gives morphine in 4 mg doses: with 10 mg given, 2 mg remain, and a partial dose is Base's call.
    const odd = calculate({
      ...adult,
      medication: 'morphine',
      route: 'IM',
      given_doses: [dose('morphine', 10, 'mg', 15)],
    });
    expect(odd).toMatchObject({
      ok: false,
      error: { code: 'MAX_TOTAL_REACHED', message: expect.stringContaining('2 mg remain') },
    });
  });

  it('trims naloxone to what is left of 8 mg, counting every route and unit, because 1317.29 titrates to that ceiling', () => {
    const given = [
      dose('naloxone', 4, 'mg', 20, { route: 'IN' }),
      dose('Narcan', 2000, 'mcg', 12, { route: 'IM' }),
      dose('naloxone', 1, 'mg', 6, { route: 'IV' }),
    ];
    const result = calculate({ ...adult, medication: 'naloxone', route: 'IN', given_doses: given });
    expect(result).toMatchObject({
      ok: true,
      value: { dose: { value: 1 }, volume_ml: 1, capped: true, given_total: { value: 7 } },
    });
    expect(codes(result)).toEqual(expect.arrayContaining(['CAPPED_AT_MAX_TOTAL', 'MAX_TOTAL_REACHED_WITH_THIS_DOSE']));
    expect(
      calculate({
        ...adult,
        medication: 'naloxone',
        route: 'IM',
        given_doses: [...given, dose('naloxone', 1, 'mg', 1)],
      }),
    ).toMatchObject({ ok: false, error: { code: 'MAX_TOTAL_REACHED' } });
  });

  it('counts doses: the third epinephrine IM for anaphylaxis is the last, a fourth is refused (1317.17: 3 doses)', () => {
    const req = { ...child, medication: 'epinephrine', route: 'IM', indication: 'anaphylaxis' };
    const third = calculate({
      ...req,
      given_doses: [dose('epinephrine', 0.2, 'mg', 25), dose('epinephrine', 0.2, 'mg', 12)],
    });
    expect(third).toMatchObject({ ok: true, value: { dose_number: 3, max_doses: { value: 3, scope: 'total' } } });
    expect(codes(third)).toContain('LAST_DOSE_ALLOWED');
    const fourth = calculate({ ...req, given_doses: [25, 24, 12].map((m) => dose('epinephrine', 0.2, 'mg', m)) });
    expect(fourth).toMatchObject({
      ok: false,
      error: { code: 'MAX_DOSES_REACHED', message: expect.stringContaining('3') },
    });
  });

  it('holds a child to 2 doses of fentanyl before Base and 4 with a Base order (1317.19)', () => {
    const two = [15, 8].map((m) => dose('fentanyl', 20, 'mcg', m));
    expect(calculate({ ...child, medication: 'fentanyl', route: 'IV', given_doses: two })).toMatchObject({
      ok: false,
      error: { code: 'MAX_DOSES_REACHED', message: expect.stringContaining('Base') },
    });
    expect(
      calculate({ ...child, medication: 'fentanyl', route: 'IV', given_doses: two, base_order: true }),
    ).toMatchObject({ ok: true, value: { dose: { value: 20 }, max_doses: { value: 4 } } });
    const four = [30, 20, 15, 8].map((m) => dose('fentanyl', 20, 'mcg', m));
    expect(
      calculate({ ...child, medication: 'fentanyl', route: 'IV', given_doses: four, base_order: true }),
    ).toMatchObject({ ok: false, error: { code: 'MAX_DOSES_REACHED' } });
  });

  it('gives a 12-year-old on the tape one seizure dose before Base, a younger child two (TP 1231-P)', () => {
    const one = [dose('midazolam', 10, 'mg', 5)];
    expect(
      calculate({
        weight_kg: 36,
        age_years: 12,
        now,
        medication: 'midazolam',
        route: 'IM',
        indication: 'seizure',
        given_doses: one,
      }),
    ).toMatchObject({ ok: false, error: { code: 'MAX_DOSES_REACHED' } });
    const second = calculate({
      weight_kg: 26,
      age_years: 8,
      now,
      medication: 'midazolam',
      route: 'IM',
      indication: 'seizure',
      given_doses: [dose('midazolam', 5, 'mg', 3)],
    });
    expect(second).toMatchObject({ ok: true, value: { dose: { value: 5 }, dose_number: 2 } });
  });

  it('warns when the last dose of the same kind was given sooner than the repeat interval', () => {
    const soon = calculate({
      ...adult,
      medication: 'epinephrine',
      route: 'IM',
      given_doses: [dose('epinephrine', 0.5, 'mg', 4)],
    });
    expect(soon).toMatchObject({
      ok: true,
      value: {
        warnings: expect.arrayContaining([
          expect.objectContaining({
            code: 'REPEAT_TOO_SOON',
            severity: 'danger',
            message: expect.stringMatching(/4 minutes ago.*10 min/),
          }),
        ]),
      },
    });
    const later = calculate({
      ...adult,
      medication: 'epinephrine',
      route: 'IM',
      given_doses: [dose('epinephrine', 0.5, 'mg', 11)],
    });
    expect(codes(later)).not.toContain('REPEAT_TOO_SOON');
  });

  it('counts only doses of the same kind: push-dose epinephrine does not use up the IM anaphylaxis doses', () => {
    const pushes = [9, 7, 5, 3].map((m) =>
      dose('epinephrine', 10, 'mcg', m, { route: 'IV', rule: 'epinephrine-adult-push-dose' }),
    );
    expect(calculate({ ...adult, medication: 'epinephrine', route: 'IM', given_doses: pushes })).toMatchObject({
      ok: true,
      value: { dose_number: 1 },
    });
    // Typed in without a route or rule, a dose counts wherever it might belong: one too many is the safe error.
    const unknown = [20, 15, 12].map((m) => dose('epinephrine', 0.5, 'mg', m));
    expect(calculate({ ...adult, medication: 'epinephrine', route: 'IM', given_doses: unknown })).toMatchObject({
      ok: false,
      error: { code: 'MAX_DOSES_REACHED' },
    });
    // A dose recorded by an older formulary (unknown rule id) counts by its route.
    const old = [dose('epinephrine', 0.14, 'mg', 30, { route: 'IM', rule: 'epinephrine-im' })];
    expect(calculate({ ...child, medication: 'epinephrine', route: 'IM', given_doses: old })).toMatchObject({
      ok: true,
      value: { dose_number: 2 },
    });
    expect(
      calculate({ ...adult, medication: 'morphine', route: 'IV', given_doses: [dose('fentanyl', 50, 'mcg', 10)] }),
    ).toMatchObject({ ok: true, value: { dose_number: 1, given_total: null } });
  });

  it('converts between mcg, mg and g and refuses to add units that do not convert', () => {
    expect(convertDose(2000, 'mcg', 'mg')).toBe(2);
    expect(convertDose(1, 'g', 'mg')).toBe(1000);
    expect(convertDose(0.4, 'mg', 'mcg')).toBe(400);
    expect(convertDose(5, 'mL', 'mg')).toBeNull();
    expect(convertDose(1, 'autoinjector', 'autoinjector')).toBe(1);
  });

  it('rejects a given dose without a valid time, so the repeat interval is never guessed', () => {
    const result = calculate({
      ...adult,
      medication: 'morphine',
      route: 'IV',
      given_doses: [{ medication: 'morphine', dose: { value: 4, unit: 'mg' }, at: 'ten minutes ago' }],
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'REQUEST_INVALID', message: expect.stringContaining('given_doses.0.at') },
    });
  });
});
