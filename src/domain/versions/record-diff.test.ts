import { describe, expect, it } from 'vitest';
import { bundledFormularyRecords } from '../dosing/bundled-formulary';
import { diffRecords, fieldsOfNewRecord, fieldText } from './record-diff';

const epinephrine = () => {
  const record = bundledFormularyRecords().find((m) => m.id === 'epinephrine');
  if (!record) throw new Error('epinephrine is in the bundled formulary');
  return record;
};

describe('field-level diff of reference records', () => {
  it('names the one dose field a medical director changed, by rule id, with both values', () => {
    const before = epinephrine();
    const after = structuredClone(before);
    const rule = after.rules.find((r) => r.id === 'epinephrine-adult-anaphylaxis')!;
    rule.dose = { kind: 'fixed', value: 0.3 };
    rule.max_single = 0.3;
    expect(diffRecords(before, after)).toEqual([
      {
        path: ['rules', 'epinephrine-adult-anaphylaxis', 'dose', 'value'],
        label: 'rules › epinephrine-adult-anaphylaxis › dose › value',
        change: 'changed',
        before: 0.5,
        after: 0.3,
      },
      {
        path: ['rules', 'epinephrine-adult-anaphylaxis', 'max_single'],
        label: 'rules › epinephrine-adult-anaphylaxis › max_single',
        change: 'changed',
        before: 0.5,
        after: 0.3,
      },
    ]);
  });

  it('matches rules by id, so a rule added at the top is one addition and nothing else', () => {
    const before = epinephrine();
    const after = structuredClone(before);
    const added = { ...structuredClone(after.rules[0]!), id: 'epinephrine-new-rule' };
    after.rules.unshift(added);
    const changes = diffRecords(before, after);
    expect(changes.map((c) => [c.label, c.change])).toEqual([['rules › epinephrine-new-rule', 'added']]);
  });

  it('reports a removed rule and a removed optional field as removals', () => {
    const before = epinephrine();
    const after = structuredClone(before);
    const gone = after.rules.pop()!;
    delete (after as { guidance?: string }).guidance;
    (before as { guidance?: string }).guidance = 'Give it.';
    expect(diffRecords(before, after).map((c) => [c.label, c.change])).toEqual([
      [`rules › ${gone.id}`, 'removed'],
      ['guidance', 'removed'],
    ]);
  });

  it('treats a list of words as one field, and a section matched by its title', () => {
    const before = {
      keywords: ['CP', 'MI'],
      sections: [
        { kind: 'assessment', title: 'Assess', items: ['12-lead ECG'] },
        { kind: 'treatment', title: 'Treat', items: ['Aspirin 324 mg chewed.'] },
      ],
    };
    const after = {
      keywords: ['CP', 'MI', 'STEMI'],
      sections: [
        { kind: 'assessment', title: 'Assess', items: ['12-lead ECG'] },
        { kind: 'treatment', title: 'Treat', items: ['Aspirin 162 mg chewed.'] },
      ],
    };
    expect(diffRecords(before, after)).toEqual([
      { path: ['keywords'], label: 'keywords', change: 'changed', before: ['CP', 'MI'], after: ['CP', 'MI', 'STEMI'] },
      {
        path: ['sections', 'Treat', 'items'],
        label: 'sections › Treat › items',
        change: 'changed',
        before: ['Aspirin 324 mg chewed.'],
        after: ['Aspirin 162 mg chewed.'],
      },
    ]);
  });

  it('says a record with no version in force is added whole, and equal records have no changes', () => {
    const record = epinephrine();
    expect(diffRecords(null, record)).toEqual([{ path: [], label: '', change: 'added', after: record }]);
    expect(diffRecords(record, structuredClone(record))).toEqual([]);
  });

  it('gives lists of words one per line for the word-level comparison', () => {
    expect(fieldText(['a', 'b'])).toBe('a\nb');
    expect(fieldText('text')).toBe('text');
    expect(fieldText(0.5)).toBe('0.5');
  });

  it('gives a record added whole as field: value lines a reviewer reads, nested records indented', () => {
    expect(
      fieldText({
        id: 'x-adult-iv',
        routes: ['IV', 'IO'],
        dose: { kind: 'fixed', value: 1 },
        notes: [],
        steps: [{ from_years: 0, dose: { kind: 'fixed', value: 2.5 } }],
        if_age_unknown: {},
        dilute: false,
      }),
    ).toBe(
      [
        'id: x-adult-iv',
        'routes: IV, IO',
        'dose:',
        '  kind: fixed',
        '  value: 1',
        'notes: (none)',
        'steps:',
        '  #1:',
        '    from_years: 0',
        '    dose:',
        '      kind: fixed',
        '      value: 2.5',
        'if_age_unknown: (none)',
        'dilute: false',
      ].join('\n'),
    );
  });

  it('lists a record with nothing in force field by field, each added, a dose rule by its id, empty lists too', () => {
    const record = epinephrine();
    const rows = fieldsOfNewRecord(record);
    expect(rows.every((r) => r.change === 'added')).toBe(true);
    const labels = rows.map((r) => r.label);
    expect(labels.filter((l) => l.startsWith('rules'))).toEqual(record.rules.map((rule) => `rules › ${rule.id}`));
    expect(labels.filter((l) => l.startsWith('indications'))).toEqual(
      record.indications.map((i) => `indications › ${i.id}`),
    );
    expect(labels).toEqual(expect.arrayContaining(['id', 'name', 'adult_only', 'contraindications', 'sources']));
    const rule = record.rules[0]!;
    expect(rows.find((r) => r.label === `rules › ${rule.id}`)?.after).toEqual(rule);
    expect(fieldsOfNewRecord({ id: 'x', contraindications: [] })).toEqual([
      { path: ['id'], label: 'id', change: 'added', after: 'x' },
      { path: ['contraindications'], label: 'contraindications', change: 'added', after: [] },
    ]);
  });

  it('names records without an identity by their place in the list', () => {
    const interactions = [{ severity: 'caution' }, { severity: 'danger' }];
    expect(fieldsOfNewRecord({ interactions }).map((r) => r.label)).toEqual(['interactions › #1', 'interactions › #2']);
  });
});
