import { describe, expect, it } from 'vitest';
import { bundledFormularyRecords } from '../dosing/bundled-formulary';
import { checkChangeLog, checkMedicationDraft, checkNewRecordKey, checkProtocolDraft } from './drafts';

const inForce = () => bundledFormularyRecords();
const naloxoneDraft = (): Record<string, unknown> => {
  const {
    routes: _r,
    concentrations: _c,
    formulary_version: _v,
    ...draft
  } = inForce().find((m) => m.id === 'naloxone')!;
  return structuredClone(draft);
};
const problems = (check: { ok: boolean; error?: { problems: string[] } }) => (check.ok ? [] : check.error!.problems);

describe('what a draft left empty is told to fill in', () => {
  it('says what to enter in each empty field of a new dose rule, in the schema’s field order', () => {
    const draft = naloxoneDraft();
    (draft['rules'] as unknown[]).push({
      id: '',
      population: '',
      routes: [],
      indications: [],
      dose: { kind: '' },
      unit: '',
      formulation: { label: '' },
      max_single: '',
      limits: { group: '', repeat_text: '', over_max_total: '' },
      notes: [],
      sources: [],
    });
    expect(problems(checkMedicationDraft('naloxone', draft, inForce()))).toEqual([
      'rules.4.id: fill this in',
      'rules.4.population: choose one: adult, pediatric',
      'rules.4.routes: add at least one',
      'rules.4.indications: add at least one',
      'rules.4.dose.kind: choose one: fixed, per_kg, sequence, by_age, by_band, by_sbp',
      'rules.4.unit: choose one: mg, mcg, g, mEq, mL, autoinjector',
      'rules.4.formulation.label: fill this in',
      'rules.4.max_single: enter a number',
      'rules.4.limits.group: fill this in',
      'rules.4.limits.repeat_text: fill this in',
      'rules.4.limits.over_max_total: choose one: refuse, cap',
      'rules.4.sources: add at least one',
    ]);
  });

  it('keeps zod’s words for a value that is there but wrong, and names a half-typed number', () => {
    const draft = naloxoneDraft();
    const rule = (draft['rules'] as Array<Record<string, unknown>>)[0]!;
    rule['max_single'] = -1;
    rule['population'] = 'child';
    (rule['dose'] as Record<string, unknown>)['value'] = '0.';
    expect(problems(checkMedicationDraft('naloxone', draft, inForce()))).toEqual([
      'rules.0.population: Invalid option: expected one of "adult"|"pediatric"',
      'rules.0.dose.value: enter a number ("0." is not one)',
      'rules.0.max_single: Too small: expected number to be >0',
    ]);
  });

  it('says how many more a list needs when it has some, and yes or no for a yes/no', () => {
    const protocol = {
      tp_code: '1299',
      name: 'x',
      population: 'adult',
      category: 'x',
      provider_impressions: [],
      keywords: ['x'],
      sections: [],
      medications: [],
      related: [],
      popularity: 0,
    };
    expect(problems(checkProtocolDraft('1299', protocol))).toEqual(['sections: add at least one']);
    const draft = naloxoneDraft();
    draft['adult_only'] = '';
    expect(problems(checkMedicationDraft('naloxone', draft, inForce()))).toEqual(['adult_only: choose yes or no']);
    expect(problems(checkChangeLog([{ type: 'Addition', section: '', description: 'x' }]))).toEqual([
      'change log 0.section: fill this in',
    ]);
  });
});

describe('the key of a brand-new record', () => {
  const keys = () => inForce().map((m) => m.id);
  it('is refused empty, malformed, or already in force, each saying what to do', () => {
    expect(problems(checkNewRecordKey('medication', '', keys()))).toEqual([
      'id: fill this in first: a medication id is its generic name in kebab case (e.g. calcium-chloride)',
    ]);
    // The server's rule (reference_draft_problem), stricter than the record's own id pattern.
    expect(problems(checkNewRecordKey('medication', '-ketamine', keys()))).toEqual([
      'id: a medication id is its generic name in kebab case (e.g. calcium-chloride)',
    ]);
    expect(problems(checkNewRecordKey('medication', 'naloxone', keys()))).toEqual([
      'id: medication naloxone is already in force: to change it, choose it under “Change a” and start a draft from it',
    ]);
    expect(problems(checkNewRecordKey('protocol', '12345', ['1211']))).toEqual([
      'tp_code: a protocol code is four digits, with -P for pediatric (e.g. 1211, 1210-P)',
    ]);
  });

  it('is taken when new and well formed', () => {
    expect(checkNewRecordKey('medication', 'calcium-gluconate', keys())).toEqual({
      ok: true,
      value: 'calcium-gluconate',
    });
    expect(checkNewRecordKey('protocol', '1211-P', ['1211'])).toEqual({ ok: true, value: '1211-P' });
  });
});
