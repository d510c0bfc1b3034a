import { describe, expect, it } from 'vitest';
import { doseRuleSchema } from '../../domain/dosing/formulary-schema';
import { medicationDraftSchema, protocolDraftSchema } from '../../domain/versions/drafts';
import {
  childSchema,
  draftSchema,
  emptyValue,
  kindsOrWords,
  propertiesOf,
  shapeOf,
  withKind,
  type SchemaNode,
} from './record-schema';

const ruleSchema = () => childSchema(draftSchema('medication'), {}, 'rules')!.items!;

describe('the form’s reading of the draft schemas', () => {
  it('makes an empty dose rule with every field the schema requires, none of them filled in', () => {
    const rule = emptyValue(ruleSchema());
    expect(rule).toEqual({
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
    // Nothing in it that the device's own schema would take as a value.
    const parsed = doseRuleSchema.safeParse(rule);
    expect(parsed.success).toBe(false);
    const refusedFields = new Set(parsed.error!.issues.map((i) => i.path[0]));
    for (const field of [
      'id',
      'population',
      'routes',
      'indications',
      'dose',
      'unit',
      'formulation',
      'max_single',
      'limits',
      'sources',
    ])
      expect(refusedFields, field).toContain(field);
  });

  it('makes a new record of each kind that its schema refuses until filled in', () => {
    expect(medicationDraftSchema.safeParse(emptyValue(draftSchema('medication'))).success).toBe(false);
    expect(protocolDraftSchema.safeParse(emptyValue(draftSchema('protocol'))).success).toBe(false);
    expect(Object.keys(emptyValue(draftSchema('protocol')) as object)).toEqual(Object.keys(protocolDraftSchema.shape));
  });

  it('gives a dose a kind’s own fields, empty, and keeps those the old kind shares with it', () => {
    const dose = childSchema(ruleSchema(), {}, 'dose')!;
    expect(withKind(dose, { kind: '' }, 'per_kg')).toEqual({ kind: 'per_kg', per_kg: '', max: '' });
    expect(withKind(dose, { kind: 'per_kg', per_kg: 0.01, max: 0.5 }, 'fixed')).toEqual({ kind: 'fixed', value: '' });
    expect(withKind(dose, { kind: 'sequence', doses: [] }, 'by_sbp')).toEqual({ kind: 'by_sbp', steps: [] });
    // The fields of the chosen kind are found under it.
    expect(shapeOf(childSchema(dose, { kind: 'per_kg' }, 'per_kg'))).toEqual({ shape: 'number', integer: false });
    expect(childSchema(dose, { kind: 'fixed' }, 'per_kg')).toBeUndefined();
  });

  it('reads each field’s shape: a choice, several choices, a number, a list, a list of records', () => {
    const rule = ruleSchema();
    const at = (key: string): SchemaNode | undefined => childSchema(rule, {}, key);
    expect(shapeOf(at('population'))).toEqual({ shape: 'choice', options: ['adult', 'pediatric'] });
    expect(shapeOf(at('routes'))).toMatchObject({
      shape: 'choices',
      options: ['IV', 'IO', 'IM', 'IN', 'NEB', 'MDI', 'PO', 'ODT', 'SL'],
    });
    expect(shapeOf(at('max_single'))).toEqual({ shape: 'number', integer: false });
    expect(shapeOf(at('hold_below_sbp_mmhg'))).toEqual({ shape: 'number', integer: true });
    expect(shapeOf(at('sources'))).toEqual({ shape: 'list' });
    expect(shapeOf(at('dilute_under_one_year'))).toEqual({ shape: 'yes-no' });
    expect(shapeOf(childSchema(draftSchema('medication'), {}, 'rules')).shape).toBe('records');
  });

  it('reads a dose per tape colour as one field per colour, in tape order: every colour for by_band, any for an unknown age', () => {
    const dose = childSchema(ruleSchema(), {}, 'dose')!;
    const tape = ['Grey', 'Pink', 'Red', 'Purple', 'Yellow', 'White', 'Blue', 'Orange', 'Green'];
    const bands = childSchema(dose, { kind: 'by_band' }, 'bands');
    expect(propertiesOf(bands, {}).map((p) => [p.name, p.required])).toEqual(tape.map((c) => [c, true]));
    // A new by_band dose lists every colour, none with a dose chosen.
    expect(withKind(dose, { kind: '' }, 'by_band')).toEqual({
      kind: 'by_band',
      bands: Object.fromEntries(tape.map((c) => [c, { kind: '' }])),
    });
    const unknownAge = childSchema(dose, { kind: 'by_age' }, 'if_age_unknown');
    expect(propertiesOf(unknownAge, {}).map((p) => [p.name, p.required])).toEqual(tape.map((c) => [c, false]));
    expect(withKind(dose, { kind: '' }, 'by_age')).toEqual({ kind: 'by_age', steps: [], if_age_unknown: {} });
    // A colour's unknown-age dose is a dose or the word "ask".
    const perColour = childSchema(unknownAge, {}, 'Grey');
    expect(shapeOf(perColour)).toEqual({ shape: 'object' });
    expect(kindsOrWords(perColour)?.words).toEqual(['ask']);
    expect(emptyValue(perColour)).toEqual({ kind: '' });
  });
});
