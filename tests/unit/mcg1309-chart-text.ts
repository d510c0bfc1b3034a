// Reads the numbers of LA County's MCG 1309 chart out of the text conversion of its PDF in
// ../shared (never committed). It serves two ends: `npx tsx tests/unit/mcg1309-chart-text.ts
// --write` turns the chart into tests/fixtures/mcg1309-chart.json (facts only: weights,
// bands, energies, doses, volumes), and the chart test checks that fixture against the
// County's file whenever ../shared is beside the repo.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const ROOT = resolve(import.meta.dirname, '../..');
export const CHART_FILE = join(ROOT, '../shared/reference/lacounty/pcm/1179884_1309-ColorCodeDrugDoses.md');
export const FIXTURE_FILE = join(ROOT, 'tests/fixtures/mcg1309-chart.json');

/** One printed medication line: our id for it, and its numbers as printed. */
export const chartLineSchema = z
  .object({
    line: z.string().regex(/^[a-z0-9-]+$/),
    /** Dose as printed; null where the line refers to the PediDOSE table instead. */
    dose: z.number().positive().nullable(),
    unit: z.enum(['mg', 'mcg', 'mEq', 'mL', 'g', 'autoinjector']).nullable(),
    /** mL as printed; null for tablets, doses of paste, autoinjectors and PediDOSE lines. */
    volume_ml: z.number().positive().nullable(),
    /** Tablets, doses or autoinjectors, where the chart prints a count instead of mL. */
    quantity: z.number().int().positive().optional(),
    /** Dextrose's "125-140 mL": the upper end, which is the total before Base. */
    up_to_ml: z.number().positive().optional(),
  })
  .strict();
export type ChartLine = z.infer<typeof chartLineSchema>;

export const chartPageSchema = z
  .object({
    weight_kg: z.number().int().positive(),
    band: z.string().min(1),
    cardioversion_j: z.tuple([z.number(), z.number(), z.number()]),
    defibrillation_j: z.tuple([z.number(), z.number(), z.number()]),
    lines: z.array(chartLineSchema).min(1),
  })
  .strict();
export type ChartPage = z.infer<typeof chartPageSchema>;

export const chartFixtureSchema = z
  .object({
    chart: z.string().min(1),
    pages: z.array(chartPageSchema).min(1),
    /** The PediDOSE table (midazolam IM/IN for seizures from 12 months), by age. */
    pedidose: z.array(
      z
        .object({
          from_months: z.number().int().min(0),
          to_months: z.number().int().nullable(),
          dose_mg: z.number().positive(),
          volume_ml: z.number().positive(),
        })
        .strict(),
    ),
  })
  .strict();
export type ChartFixture = z.infer<typeof chartFixtureSchema>;

/**
 * How each line is labelled on the chart's weight pages, longest first where one label
 * starts another ("Albuterol NEB <4 years" before "Albuterol NEB"). Spaces may be missing
 * or doubled in the conversion, and labels may wrap over lines.
 */
const LABELS: Array<[id: string, label: string]> = [
  ['adenosine', 'Adenosine'],
  ['albuterol-neb-under-4-years', 'Albuterol NEB <\\s?4 years'],
  ['albuterol-neb-4-years-and-older', 'Albuterol NEB >\\s?4 years'],
  ['albuterol-neb', 'Albuterol NEB'],
  ['amiodarone', 'Amiodarone'],
  ['atropine', 'Atropine'],
  ['calcium-chloride', 'Calcium Chloride\\*?'],
  ['dextrose-10', 'Dextrose 10% slow IV'],
  ['diphenhydramine', 'Diphenhydramine IV/IM'],
  ['duodote', 'DuoDote'],
  ['epinephrine-push-dose', 'Epinephrine Push Dose'],
  ['epinephrine-iv', 'Epinephrine 0\\.1mg/mL IV'],
  ['epinephrine-im', 'Epinephrine 1mg/mL IM'],
  ['epinephrine-neb', 'Epinephrine 1mg/mL NEB'],
  ['fentanyl-iv-im', 'Fentanyl IV/IM'],
  ['fentanyl-in', 'Fentanyl IN'],
  ['glucagon', 'Glucagon IM'],
  ['oral-glucose', 'Glucopaste\\*?'],
  ['hydroxocobalamin', 'Hydroxocobalamin IV/IO\\**'],
  ['ketorolac-iv', 'Ketorolac slow IV/IO\\*?'],
  ['ketorolac-im', 'Ketorolac IM\\*?'],
  ['lidocaine', 'Lidocaine 2% IO'],
  ['midazolam-agitation-iv', 'Midazolam Agitation/Sedation IV/IO'],
  ['midazolam-agitation-in-im', 'Midazolam Agitation/Sedation ?IN/IM'],
  ['midazolam-seizure-under-12-months', 'Midazolam Seizure 0- ?11mo IN/IM'],
  ['midazolam-seizure-pedidose', 'Midazolam Seizure ≥12mo IN/IM'],
  ['morphine', 'Morphine IV/IM/IO'],
  ['naloxone', 'Naloxone IV/IM/IN'],
  ['normal-saline', 'Normal Saline IV Bolus'],
  ['ondansetron-odt', 'Ondansetron ODT\\*?'],
  ['sodium-bicarbonate', 'Sodium Bicarbonate\\*?'],
];
const LABEL_PATTERN = new RegExp(LABELS.map(([, label]) => `(${label})`).join('|'), 'g');

const NUMBER = '(\\d+(?:\\.\\d+)?)';
/** The printed values after a label, each read into numbers. */
const VALUES: Array<[RegExp, (m: RegExpExecArray) => Omit<ChartLine, 'line'>]> = [
  [
    new RegExp(`^125- ${NUMBER}mL 125- \\1mL`),
    (m) => ({ dose: 125, unit: 'mL', volume_ml: 125, up_to_ml: Number(m[1]) }),
  ],
  [
    new RegExp(`^${NUMBER}(mg|mcg|mEq|mL) ${NUMBER}mL`),
    (m) => ({ dose: Number(m[1]), unit: m[2] as ChartLine['unit'], volume_ml: Number(m[3]) }),
  ],
  [/^(\d+) doses? NA/, (m) => ({ dose: Number(m[1]), unit: 'autoinjector', volume_ml: null, quantity: Number(m[1]) })],
  [new RegExp(`^${NUMBER}mg 1 tablet`), (m) => ({ dose: Number(m[1]), unit: 'mg', volume_ml: null, quantity: 1 })],
  [new RegExp(`^${NUMBER}gm 1 dose`), (m) => ({ dose: Number(m[1]), unit: 'g', volume_ml: null, quantity: 1 })],
  [/^PediDose -/i, () => ({ dose: null, unit: null, volume_ml: null })],
];

/** Splits the converted PDF into one block of text per weight page, in chart order. */
export function chartPages(text: string): Array<{ weightKg: number; text: string }> {
  // Some weight headers come out of the PDF a character per line ("1\n3\n \nKg", "19 \nK\ng").
  const headers = text
    // A page break can fall inside a weight's block: drop the running header it leaves.
    .replace(/\n\s*SUBJECT: COLOR CODE DRUG DOSES REFERENCE NO\. 1309\s*REVISED: [\d-]+ PAGE \d+ OF \d+[ \t]*\n/g, '\n')
    .replace(/\n[ \t]*(\d{1,2})[ \t]*\n[ \t]*K[ \t]*\n[ \t]*g[ \t]*\n/g, '\n$1 Kg\n')
    .replace(
      /\n((?:[ \t]*\d{1,2}[ \t]*\n(?:[ \t]*\n)*)+)[ \t]*Kg/g,
      (_, digits: string) => `\n${digits.replace(/\s/g, '')} Kg`,
    );
  const parts = headers.split(/\n[ \t]*(\d{1,2}) ?Kg[ \t]*\n/);
  const pages: Array<{ weightKg: number; text: string }> = [];
  // The adult page follows the last weight page; it is not part of the 36 kg block.
  for (let i = 1; i < parts.length; i += 2)
    pages.push({ weightKg: Number(parts[i]), text: (parts[i + 1] ?? '').split(/\nADULT\b/)[0] ?? '' });
  return pages;
}

function joules(page: string, kind: 'Cardioversion' | 'Defibrillation'): [number, number, number] {
  const m = new RegExp(`${kind}: (\\d+) ?joules (\\d+) ?joules (\\d+) ?joules`).exec(page);
  if (!m) throw new Error(`no ${kind} energies on the page`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Every medication line of one weight page, with the page's band and energies. Throws on anything it cannot read. */
export function readPage(weightKg: number, raw: string): ChartPage {
  const text = raw.replace(/™/g, '').replace(/\s+/g, ' ');
  // The band's name sits just above the vital signs, sometimes a letter per line ("B\nL\nU\nE").
  const band = /(GREY|PINK|RED|PURPLE|YELLOW|WHITE|BLUE|ORANGE|GREEN)NormalVitalSigns/.exec(
    raw.replace(/\s/g, ''),
  )?.[1];
  if (!band) throw new Error(`${weightKg} kg: no colour band on the page`);
  const table = text.slice(text.indexOf('Medication Dose mLs'));
  const found = [...table.matchAll(LABEL_PATTERN)];
  if (/\d\s?(mg|mcg|mL|mEq|gm)\b/.test(table.slice(0, found[0]?.index ?? table.length)))
    throw new Error(`${weightKg} kg: unread numbers before the first line`);
  const lines: ChartLine[] = [];
  found.forEach((match, i) => {
    const id = LABELS[match.slice(1).findIndex((g) => g !== undefined)]![0];
    const after = table.slice(match.index + match[0].length, found[i + 1]?.index ?? table.length).trim();
    const reader = VALUES.find(([pattern]) => pattern.test(after));
    if (!reader) throw new Error(`${weightKg} kg ${id}: cannot read "${after.slice(0, 40)}"`);
    const values = reader[0].exec(after)!;
    const rest = after.slice(values[0].length);
    // Only footnotes may follow the values; a number with a unit there is a line this reader missed.
    if (/\d\s?(mg|mcg|mL|mEq|gm)\b/.test(rest))
      throw new Error(`${weightKg} kg ${id}: unread numbers after the line: "${rest.slice(0, 60)}"`);
    if (lines.some((l) => l.line === id)) throw new Error(`${weightKg} kg: ${id} printed twice`);
    lines.push({ line: id, ...reader[1](values) });
  });
  lines.sort((a, b) => (a.line < b.line ? -1 : a.line > b.line ? 1 : 0));
  return {
    weight_kg: weightKg,
    band: band[0] + band.slice(1).toLowerCase(),
    cardioversion_j: joules(text, 'Cardioversion'),
    defibrillation_j: joules(text, 'Defibrillation'),
    lines,
  };
}

/** The PediDOSE table of the formulations page: ages in months and the midazolam dose and volume for each. */
function readPediDose(text: string): ChartFixture['pedidose'] {
  const table = text.replace(/\s+/g, ' ');
  const m =
    /Midazolam Dose IN\/IM 0\.2mg\/kg ([\d.]+) ?mg ([\d.]+) ?mg ([\d.]+) ?mg ([\d.]+) ?mg Volume IN\/IM See color code ([\d.]+) ?mL ([\d.]+) ?mL ([\d.]+) ?mL ([\d.]+) ?mL/.exec(
      table,
    );
  if (!m) throw new Error('no PediDOSE table in the chart');
  const ages: Array<[number, number | null]> = [
    [12, 16],
    [17, 5 * 12 + 11],
    [6 * 12, 11 * 12 + 11],
    [12 * 12, null],
  ];
  if (!/12-16 months 17 months – 5 years 6-11 years ≥12 years/.test(table))
    throw new Error('the PediDOSE age brackets have changed');
  return ages.map(([from, to], i) => ({
    from_months: from,
    to_months: to,
    dose_mg: Number(m[1 + i]),
    volume_ml: Number(m[5 + i]),
  }));
}

/** The whole chart as the fixture holds it. */
export function readChart(text: string): ChartFixture {
  return {
    chart:
      'LA County EMS Agency MCG 1309, Color Code Drug Doses, revised 07-01-25: weight pages 3-36 kg and the PediDOSE table',
    pages: chartPages(text).map((p) => readPage(p.weightKg, p.text)),
    pedidose: readPediDose(text),
  };
}

export function readFixture(): ChartFixture {
  return chartFixtureSchema.parse(JSON.parse(readFileSync(FIXTURE_FILE, 'utf8')));
}

if (process.argv[1] === import.meta.filename && process.argv.includes('--write')) {
  if (!existsSync(CHART_FILE)) throw new Error(`the County's chart is not at ${CHART_FILE}`);
  const fixture = chartFixtureSchema.parse(readChart(readFileSync(CHART_FILE, 'utf8')));
  writeFileSync(FIXTURE_FILE, `${JSON.stringify(fixture, null, 1)}\n`);
  console.log(
    `wrote ${FIXTURE_FILE}: ${fixture.pages.length} pages, ${fixture.pages.reduce((n, p) => n + p.lines.length, 0)} lines`,
  );
}
