import { ageInYears } from '../patient/age';
import type { PatientFields, Vitals } from '../patient/context';
import type { NarrativeTemplate, Placeholder } from './templates';

/**
 * Drafts a narrative from what the device recorded about one patient: the patient context
 * (sealed PHI, opened for this), the doses confirmed and the protocols applied, each with its
 * time. Pure: the caller passes the time zone the crew reads times in. A fact the record
 * lacks reads "not recorded" (never a guess), or its line is left out where the template says.
 */
export interface NarrativeDose {
  at: string;
  medicationName: string;
  route: string;
  dose: { value: number; unit: string };
  volumeMl: number | null;
  concentration: string;
  baseOrder: boolean;
}

export interface NarrativeProtocol {
  at: string;
  code: string;
  name: string | null;
}

export interface NarrativeRecord {
  fields: PatientFields;
  /** When the patient context was opened (patient contact, as far as the device knows). */
  openedAt: string;
  doses: NarrativeDose[];
  protocols: NarrativeProtocol[];
}

const NOT_RECORDED = 'not recorded';

export function clockTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(
    new Date(iso),
  );
}

function describePatient(fields: PatientFields): string | null {
  const years = ageInYears(fields);
  const age =
    fields.age_months !== undefined && fields.age_years === undefined
      ? `${fields.age_months}-month-old`
      : years !== undefined
        ? years < 1
          ? `${Math.round(years * 12)}-month-old`
          : `${Number.isInteger(years) ? years : years.toFixed(1)}-year-old`
        : null;
  const sex = fields.sex && fields.sex !== 'unknown' ? fields.sex : null;
  if (!age && !sex) return null;
  return [age, sex].filter(Boolean).join(' ');
}

function describeVitals(v: Vitals, timeZone: string): string {
  const parts = [
    v.systolic !== undefined ? `BP ${v.systolic}${v.diastolic !== undefined ? `/${v.diastolic}` : ''}` : null,
    v.heart_rate !== undefined ? `HR ${v.heart_rate}` : null,
    v.resp_rate !== undefined ? `RR ${v.resp_rate}` : null,
    v.spo2 !== undefined ? `SpO2 ${v.spo2}%` : null,
    v.gcs !== undefined ? `GCS ${v.gcs}` : null,
    v.glucose !== undefined ? `BGL ${v.glucose} mg/dL` : null,
  ].filter(Boolean);
  return `${clockTime(v.at, timeZone)} ${parts.join(', ')}`;
}

function describeDose(d: NarrativeDose, timeZone: string): string {
  const volume = d.volumeMl !== null ? ` (${d.volumeMl} mL of ${d.concentration})` : '';
  return `${clockTime(d.at, timeZone)} ${d.medicationName} ${d.dose.value} ${d.dose.unit} ${d.route}${volume}${d.baseOrder ? ', Base order' : ''}`;
}

function describeProtocol(p: NarrativeProtocol): string {
  return `TP ${p.code}${p.name ? ` ${p.name}` : ''}`;
}

/** Every placeholder's text, or null when the record has nothing for it. */
export function narrativeFacts(record: NarrativeRecord, timeZone: string): Record<Placeholder, string | null> {
  const { fields } = record;
  const vitals = [...fields.vitals].sort((a, b) => a.at.localeCompare(b.at));
  const doses = [...record.doses].sort((a, b) => a.at.localeCompare(b.at));
  const protocols = [...record.protocols].sort((a, b) => a.at.localeCompare(b.at));
  const patient = describePatient(fields);
  const weight = fields.weight_kg !== undefined ? `${fields.weight_kg} kg` : null;
  const timeline = [
    // Who the patient is belongs to {patient}, which every template states before the timeline.
    { at: record.openedAt, text: 'Patient contact.' },
    ...vitals.map((v) => ({ at: v.at, text: `Vitals: ${describeVitals(v, timeZone).replace(/^\S+ /, '')}.` })),
    ...protocols.map((p) => ({ at: p.at, text: `${describeProtocol(p)} applied.` })),
    ...doses.map((d) => ({ at: d.at, text: `${describeDose(d, timeZone).replace(/^\S+ /, '')}.` })),
  ]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((e) => `${clockTime(e.at, timeZone)} ${e.text}`);
  return {
    patient: patient && weight ? `${patient}, ${weight}` : patient,
    chief_complaint: fields.chief_complaint ?? null,
    allergies: fields.allergies.length > 0 ? fields.allergies.join(', ') : null,
    weight,
    vitals: vitals.length > 0 ? vitals.map((v) => describeVitals(v, timeZone)).join('\n') : null,
    doses: doses.length > 0 ? doses.map((d) => describeDose(d, timeZone)).join('\n') : null,
    protocols: protocols.length > 0 ? protocols.map(describeProtocol).join(', ') : null,
    timeline: timeline.join('\n'),
  };
}

/** The draft: each section's heading before its first line, sections apart by a blank line. */
export function composeNarrative(template: NarrativeTemplate, record: NarrativeRecord, timeZone: string): string {
  const facts = narrativeFacts(record, timeZone);
  const sections = template.sections.map((section) => {
    const lines = section.lines
      .filter(
        (line) =>
          (line.requires ?? []).every((p) => facts[p] !== null) && (line.unless ?? []).every((p) => facts[p] === null),
      )
      .map((line) => line.text.replace(/\{([a-z_]+)\}/g, (_, name: Placeholder) => facts[name] ?? NOT_RECORDED));
    const [first = '', ...rest] = lines;
    const head = section.heading ? `${section.heading}: ${first}`.trimEnd() : first;
    return [head, ...rest].join('\n');
  });
  return sections.join('\n\n');
}
