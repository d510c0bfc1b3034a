/**
 * Reads the patient out of a search query: "8 yo f febrile bp 80/50 hr 150 temp 103f" carries an
 * age, a sex and four vitals that a text index would only see as words and numbers. This pure
 * parser finds them, says which characters it used, and leaves the rest for text search.
 *
 * It reads only what is labelled or unmistakable: a number needs its label ("HR 145",
 * "sat 84") or its unit ("39.4 C", "20 kg", "8 yo"), except a blood pressure written as
 * systolic/diastolic. So "1211" stays a protocol code, "12-lead" an ECG, "2 mg" a dose and
 * "10 min" a time. A value outside what a living patient can show is not read at all.
 */

export type Sex = 'female' | 'male';

export interface ParsedAge {
  years: number;
  /** True for words like "infant" or "newborn", which place a patient but give no exact age. */
  approximate: boolean;
  /** The words it was read from, as typed. */
  text: string;
}

export interface ParsedVitals {
  systolic?: number;
  diastolic?: number;
  heart_rate?: number;
  resp_rate?: number;
  spo2?: number;
  gcs?: number;
  /** mg/dL */
  glucose?: number;
  /** Always Celsius; `temperatureText` keeps what was typed. */
  temp_c?: number;
  /** End-tidal CO2, mmHg. */
  etco2?: number;
}

export interface PatientQuery {
  age?: ParsedAge;
  sex?: Sex;
  vitals: ParsedVitals;
  weight?: { kg: number; text: string; pounds?: number };
  /** A word that says "child" without an age ("kid", "peds"): routes pediatric when no age is known. */
  childWord?: string;
  /** What each fact was read from, for the "why it ranked" line: `["bp 80/50", "hr 150"]`. */
  spans: Array<{ kind: keyof ParsedVitals | 'age' | 'sex' | 'weight' | 'blood_pressure'; text: string }>;
  /** The query with the parsed facts blanked out (same length, so positions still line up). */
  rest: string;
}

const NUM = String.raw`(\d{1,3}(?:\.\d{1,2})?)`;
/** A label's optional joiners: "HR of 145", "sat: 84", "BP was 80/50", "GCS=8". */
const JOIN = String.raw`\s*(?:(?:of|is|was|at|now|=|:)\s*)?`;

interface Rule {
  kind: PatientQuery['spans'][number]['kind'];
  pattern: RegExp;
  /** Returns false when the match is not a plausible reading, so it stays text. */
  read(m: RegExpExecArray, out: PatientQuery, preceding: string, following: string): boolean;
}

const inRange = (v: number, lo: number, hi: number) => Number.isFinite(v) && v >= lo && v <= hi;
const int = (s: string | undefined) => Number(s);

/** Durations look like ages ("seizures for 2 years", "diabetic x 10 yrs"): those stay text. */
const DURATION_BEFORE = /(?:\bfor|\bsince|\bpast|\blast|\bover|\bx|\bafter|\bwithin|\bin)\s*$/;

/** ... or "2 years ago", "3 years prior". */
const DURATION_AFTER = /^\s*(?:ago|prior|before|earlier|history|hx)\b/;

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
};
const NUMBER_WORD = `(\\d{1,3}(?:\\.\\d)?|${Object.keys(NUMBER_WORDS).join('|')})`;
const numberOf = (s: string) => NUMBER_WORDS[s] ?? Number(s);

function setSex(out: PatientQuery, letter: string | undefined): void {
  if (!letter) return;
  out.sex = letter.startsWith('f') || letter === 'woman' || letter === 'girl' || letter === 'lady' ? 'female' : 'male';
}

/** Order matters: earlier rules claim their characters first ("pulse ox 84" before "pulse 84"). */
const RULES: Rule[] = [
  {
    kind: 'blood_pressure',
    pattern: new RegExp(
      String.raw`(?:\b(?:bp|b\/p|nibp|blood pressure|pressure)${JOIN})?\b(\d{2,3})\s*\/\s*(\d{2,3})\b(?!\s*\/)`,
      'g',
    ),
    read(m, out) {
      const sys = int(m[1]);
      const dia = int(m[2]);
      if (!inRange(sys, 40, 300) || !inRange(dia, 15, 200) || dia >= sys) return false;
      out.vitals.systolic = sys;
      out.vitals.diastolic = dia;
      return true;
    },
  },
  {
    kind: 'systolic',
    pattern: new RegExp(
      String.raw`\b(?:sbp|systolic(?: bp| pressure)?|bp|b\/p|blood pressure)${JOIN}(\d{2,3})\b(?!\s*\/)`,
      'g',
    ),
    read(m, out) {
      const sys = int(m[1]);
      if (!inRange(sys, 30, 300)) return false;
      out.vitals.systolic = sys;
      return true;
    },
  },
  {
    kind: 'spo2',
    pattern: new RegExp(
      String.raw`\b(?:spo2|sp02|sao2|o2 sats?|o2 saturation|sats?|saturation|saturating|satting|pulse ?ox(?:imetry)?|pox)${JOIN}(\d{2,3})\s*%?(?:\s*(?:on\s*)?(?:ra|room air))?|\b(\d{2,3})\s*%\s*(?:on\s*)?(?:ra|room air)\b`,
      'g',
    ),
    read(m, out) {
      const v = int(m[1] ?? m[2]);
      if (!inRange(v, 30, 100)) return false;
      out.vitals.spo2 = v;
      return true;
    },
  },
  {
    kind: 'etco2',
    pattern: new RegExp(
      String.raw`\b(?:etco2|et co2|etc02|end tidal(?: co2)?|capno(?:graphy)?)${JOIN}(\d{1,3})\b`,
      'g',
    ),
    read(m, out) {
      const v = int(m[1]);
      if (!inRange(v, 1, 150)) return false;
      out.vitals.etco2 = v;
      return true;
    },
  },
  {
    kind: 'heart_rate',
    pattern: new RegExp(String.raw`\b(?:hr|heart rate|pulse(?: rate)?|pr)${JOIN}(\d{2,3})\b|\b(\d{2,3})\s*bpm\b`, 'g'),
    read(m, out) {
      const v = int(m[1] ?? m[2]);
      if (!inRange(v, 10, 300)) return false;
      out.vitals.heart_rate = v;
      return true;
    },
  },
  {
    kind: 'resp_rate',
    pattern: new RegExp(
      String.raw`\b(?:rr|resp(?:iratory)? rate|resps?|respirations?|breaths? per min(?:ute)?)${JOIN}(\d{1,2})\b|\b(\d{1,2})\s*(?:breaths(?:\s*\/\s*min| a minute| per min(?:ute)?)?|rpm)\b`,
      'g',
    ),
    read(m, out) {
      const v = int(m[1] ?? m[2]);
      if (!inRange(v, 0, 90)) return false;
      out.vitals.resp_rate = v;
      return true;
    },
  },
  {
    kind: 'gcs',
    pattern: new RegExp(String.raw`\bgcs${JOIN}(\d{1,2})\b`, 'g'),
    read(m, out) {
      const v = int(m[1]);
      if (!inRange(v, 3, 15)) return false;
      out.vitals.gcs = v;
      return true;
    },
  },
  {
    kind: 'glucose',
    pattern: new RegExp(
      String.raw`\b(?:glucose|gluc|bgl|bg|cbg|fsbs|fsbg|bs|blood sugar|blood glucose|sugar|d ?stick|dextro|accu ?che(?:c)?k)${JOIN}(\d{1,4})\b(?:\s*mg\s*\/?\s*dl\b)?|\b(\d{1,4})\s*mg\s*\/\s*dl\b`,
      'g',
    ),
    read(m, out) {
      const v = int(m[1] ?? m[2]);
      if (!inRange(v, 5, 2000)) return false;
      out.vitals.glucose = v;
      return true;
    },
  },
  {
    kind: 'temp_c',
    pattern: new RegExp(
      String.raw`\b(?:temp(?:erature)?|tmax|t max|fever(?: of)?|febrile(?: to)?|core temp)${JOIN}${NUM}\s*°?\s*(f|c|fahrenheit|celsius|degrees?(?: f| c)?)?(?![a-z0-9])|\b${NUM}\s*(?:°\s*|degrees?\s*)?(f|c|fahrenheit|celsius)\b`,
      'g',
    ),
    read(m, out) {
      const v = Number(m[1] ?? m[3]);
      const unit = (m[2] ?? m[4] ?? '').replace(/^degrees?\s*/, '');
      let c: number;
      if (unit.startsWith('f')) c = (v - 32) * (5 / 9);
      else if (unit.startsWith('c')) c = v;
      else if (inRange(v, 25, 45)) c = v;
      else if (inRange(v, 77, 113)) c = (v - 32) * (5 / 9);
      else return false;
      if (!inRange(c, 25, 45)) return false;
      out.vitals.temp_c = Math.round(c * 10) / 10;
      return true;
    },
  },
  {
    kind: 'weight',
    pattern: new RegExp(
      String.raw`\b(?:(?:weighs|weight|wt)${JOIN})?${NUM}\s*(kg|kgs|kilos?|kilograms?|lb|lbs|pounds?)\b`,
      'g',
    ),
    read(m, out) {
      const v = Number(m[1]);
      const pounds = m[2]!.startsWith('l') || m[2]!.startsWith('p');
      const kg = pounds ? Math.round(v * 0.45359237 * 10) / 10 : v;
      if (!inRange(kg, 0.3, 400)) return false;
      out.weight = { kg, text: m[0].trim(), ...(pounds ? { pounds: v } : {}) };
      return true;
    },
  },
  {
    kind: 'age',
    pattern: new RegExp(
      String.raw`\b(?:age[ds]?\s*:?\s*)?${NUMBER_WORD}\s*-?\s*(years?|yrs?|yo|y\s*\/\s*o|y\.o\.?|y|months?|mos?|mths?|weeks?|wks?|days?)(?:\s*-?\s*old)?\s*(?:-\s*)?(m|f|male|female|man|woman|boy|girl)?(?![a-z0-9])|\b(\d{1,3})\s*yo(m|f)\b|\bage[ds]?\s*:?\s*(\d{1,3})\b`,
      'g',
    ),
    read(m, out, preceding, following) {
      // Groups: 1 number, 2 unit, 3 sex ("8 yo f"); 4 years, 5 sex ("45yom"); 6 years ("age 67").
      const bare = m[6] ?? m[4];
      if (bare !== undefined) {
        const years = int(bare);
        if (!inRange(years, 0, 120)) return false;
        out.age = { years, approximate: false, text: m[0].trim() };
        setSex(out, m[5]);
        return true;
      }
      const value = numberOf(m[1]!);
      const unit = m[2]!.replace(/\s/g, '');
      const saidOld = /old/.test(m[0]) || /^(?:yo|y\/o|y\.o\.?)$/.test(unit) || unit === 'y' || m[0].startsWith('age');
      // "2 years" or "3 days" alone is usually how long something has gone on.
      if (
        !saidOld &&
        (DURATION_BEFORE.test(preceding) || DURATION_AFTER.test(following) || /^(?:days?|weeks?|wks?)$/.test(unit))
      )
        return false;
      const years = unit.startsWith('y')
        ? value
        : unit.startsWith('m')
          ? value / 12
          : unit.startsWith('w')
            ? value / 52
            : value / 365;
      if (!inRange(years, 0, 120)) return false;
      out.age = { years: Math.round(years * 1000) / 1000, approximate: false, text: m[0].trim() };
      setSex(out, m[3]);
      return true;
    },
  },
  {
    kind: 'age',
    pattern: /\b(newborn|new born|neonate|neonatal|infant|toddler)s?\b/g,
    read(m, out) {
      if (out.age) return false;
      const word = m[1]!;
      // Ages that place the patient for routing only: the words name no exact age.
      const years = word === 'toddler' ? 2 : word === 'infant' ? 0.5 : 0;
      out.age = { years, approximate: true, text: m[0].trim() };
      return true;
    },
  },
  {
    kind: 'sex',
    pattern: /\b(male|female|man|woman|lady|gentleman|boy|girl)\b(?!\s+down\b)/g,
    read(m, out) {
      if (out.sex) return false;
      setSex(out, m[1] === 'gentleman' ? 'male' : m[1]);
      return true;
    },
  },
];

/** Words that place a patient but are also how crews name a protocol ("newborn"): read, and left in the text. */
const KEEP_IN_TEXT = /^(?:newborns?|new born|neonates?|neonatal|infants?|toddlers?)$/;

/** Words that place a patient among children without giving an age; they stay in the text. */
const CHILD_WORD = /\b(child|children|kid|kids|peds|pedi|ped|pediatric|paediatric|paeds)\b/;

/** A cheap test: queries with no digit and none of the age or sex words skip the parser. */
const MAYBE =
  /\d|child|kid|\bpe(?:d|ds|di|diatric)\b|paed|newborn|new born|neonat|infant|toddler|male|\bman\b|woman|lady|gentleman|\bboy\b|\bgirl\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\b/;

export function parsePatientQuery(query: string): PatientQuery {
  const out: PatientQuery = { vitals: {}, spans: [], rest: query };
  const lower = query.toLowerCase();
  if (!MAYBE.test(lower)) return out;
  // `work` keeps the same length as the query; claimed characters become spaces.
  let work = lower;
  const rest = query.split('');
  for (const rule of RULES) {
    rule.pattern.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = rule.pattern.exec(work)) !== null) {
      if (m[0].trim() === '') {
        rule.pattern.lastIndex++;
        continue;
      }
      if (!rule.read(m, out, work.slice(0, m.index), work.slice(m.index + m[0].length))) continue;
      // Trailing blanks a pattern swallowed may be where an earlier rule's text was.
      const end = m.index + m[0].trimEnd().length;
      out.spans.push({ kind: rule.kind, text: query.slice(m.index, end) });
      work = work.slice(0, m.index) + ' '.repeat(end - m.index) + work.slice(end);
      if (!KEEP_IN_TEXT.test(m[0].trim())) for (let i = m.index; i < end; i++) rest[i] = ' ';
    }
  }
  out.rest = rest.join('');
  if (!out.age) {
    // Kept in the text: "child" is also a word of the protocols themselves.
    const child = CHILD_WORD.exec(work);
    if (child) out.childWord = child[1];
  }
  return out;
}

/** Whether the query told anything about the patient. */
export function hasPatientFacts(p: PatientQuery): boolean {
  return p.spans.length > 0;
}
