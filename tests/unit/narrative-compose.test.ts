import { describe, expect, it } from 'vitest';
import templatesJson from '../../src/reference/narrative-templates.json' with { type: 'json' };
import { composeNarrative, type NarrativeRecord } from '../../src/domain/narratives/compose';
import { narrativeTemplatesSchema, templateFor } from '../../src/domain/narratives/templates';

const templates = narrativeTemplatesSchema.parse(templatesJson);
const LA = 'America/Los_Angeles';

const child: NarrativeRecord = {
  fields: {
    age_years: 3,
    sex: 'female',
    weight_kg: 14,
    chief_complaint: 'hives and wheezing after peanuts',
    allergies: ['peanuts'],
    vitals: [{ at: '2026-03-01T22:11:00Z', heart_rate: 168, resp_rate: 40, systolic: 78, spo2: 91 }],
  },
  openedAt: '2026-03-01T22:10:00Z',
  doses: [
    {
      at: '2026-03-01T22:13:00Z',
      medicationName: 'Epinephrine',
      route: 'IM',
      dose: { value: 0.14, unit: 'mg' },
      volumeMl: 0.14,
      concentration: '1 mg/mL',
      baseOrder: false,
    },
  ],
  protocols: [{ at: '2026-03-01T22:12:00Z', code: '1219-P', name: 'Allergy' }],
};

describe('composeNarrative', () => {
  it('drafts a SOAP narrative from the patient, vitals, doses and protocols, times in the crew’s zone', () => {
    expect(composeNarrative(templateFor(templates, null, 'soap'), child, LA)).toBe(
      [
        'S: 3-year-old female, 14 kg. Chief complaint: hives and wheezing after peanuts.',
        'Allergies: peanuts.',
        '',
        'O: Weight 14 kg.',
        'Vitals:',
        '14:11 BP 78, HR 168, RR 40, SpO2 91%',
        '',
        'A: Protocols applied: TP 1219-P Allergy.',
        '',
        'P: Medications given:',
        '14:13 Epinephrine 0.14 mg IM (0.14 mL of 1 mg/mL)',
      ].join('\n'),
    );
  });

  it('drafts CHART with its five headings, leaving Transport for the crew', () => {
    const text = composeNarrative(templateFor(templates, null, 'chart'), child, LA);
    expect(text.split('\n\n').map((s) => s.slice(0, 2))).toEqual(['C:', 'H:', 'A:', 'R:', 'T:']);
    expect(text).toContain('R: Protocols: TP 1219-P Allergy.\n14:13 Epinephrine 0.14 mg IM');
  });

  it('drafts a chronological narrative in time order, saying who the patient is once', () => {
    const lines = composeNarrative(templateFor(templates, null, 'chronological'), child, LA).split('\n');
    expect(lines[0]).toMatch(/^3-year-old female, 14 kg\. Chief complaint: /);
    expect(lines.filter((line) => line.includes('3-year-old female'))).toHaveLength(1);
    expect(lines.slice(1)).toEqual([
      '14:10 Patient contact.',
      '14:11 Vitals: BP 78, HR 168, RR 40, SpO2 91%.',
      '14:12 TP 1219-P Allergy applied.',
      '14:13 Epinephrine 0.14 mg IM (0.14 mL of 1 mg/mL).',
    ]);
  });

  it('says "not recorded" for what the record lacks and leaves out lines about nothing', () => {
    const empty: NarrativeRecord = {
      fields: { vitals: [], allergies: [] },
      openedAt: '2026-03-01T22:10:00Z',
      doses: [],
      protocols: [],
    };
    const text = composeNarrative(templateFor(templates, null, 'soap'), empty, LA);
    expect(text).toContain('S: not recorded. Chief complaint: not recorded.');
    expect(text).toContain('O: Weight not recorded.');
    expect(text).not.toContain('Vitals:');
    expect(text).toContain('P: No medications given.');
  });

  it('marks a dose given on a Base order', () => {
    const text = composeNarrative(
      templateFor(templates, null, 'soap'),
      { ...child, doses: [{ ...child.doses[0]!, baseOrder: true }] },
      LA,
    );
    expect(text).toContain('(0.14 mL of 1 mg/mL), Base order');
  });

  it('uses an agency’s own template where it has one, the default otherwise', () => {
    const withAgency = narrativeTemplatesSchema.parse({
      ...templates,
      agencies: {
        ...templates.agencies,
        'station-9': {
          ...templates.agencies['default']!,
          soap: { label: 'SOAP', sections: [{ heading: 'S', lines: [{ text: 'Pt: {patient}' }] }] },
        },
      },
    });
    expect(composeNarrative(templateFor(withAgency, 'station-9', 'soap'), child, LA)).toBe(
      'S: Pt: 3-year-old female, 14 kg',
    );
    expect(templateFor(withAgency, 'elsewhere', 'soap')).toEqual(templates.agencies['default']!.soap);
  });

  it('refuses a template with a placeholder that does not exist', () => {
    const bad = {
      ...templates,
      agencies: {
        default: {
          ...templates.agencies['default']!,
          chart: { label: 'X', sections: [{ heading: 'C', lines: [{ text: '{nmae}' }] }] },
        },
      },
    };
    expect(narrativeTemplatesSchema.safeParse(bad).error?.issues[0]?.message).toMatch(
      /placeholder that does not exist/,
    );
  });
});
