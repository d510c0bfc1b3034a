import type { GivenDose } from './cumulative';
import type { MedicationRecord } from './formulary-schema';
import type { Formulary } from './loaded-formulary';
import type { DoseWarning } from './refusals-and-warnings';

function words(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[^a-z0-9%]+/g, ' ')
    .trim()} `;
}

/**
 * Whether free text the crew typed (an allergy, a home medication) names `term`. Kept
 * simple and explainable: the text is the term, or starts it ("epi" for epinephrine,
 * "benzo"), or contains it from a word start ("allergic to morphine", "opiates").
 * Three-letter terms ("asa", "txa") must match a whole word.
 */
export function textNames(text: string, term: string): boolean {
  const t = words(term).trim();
  const said = words(text);
  const bare = said.trim();
  if (bare.length < 3 || t.length < 2) return false;
  if (bare === t) return true;
  if (t.length <= 3) return said.includes(` ${t} `);
  return t.startsWith(bare) || said.includes(` ${t}`);
}

export interface SafetyInput {
  allergies: readonly string[];
  homeMedications: readonly string[];
  given: readonly GivenDose[];
  pde5Within48h: boolean;
  ageYears: number | undefined;
}

/**
 * The warnings a crew must see before giving `med`: a recorded allergy that names it or
 * its class, interactions with what the patient takes or was already given here, the
 * reference's age cautions, and its contraindications to rule out. Allergy and medication
 * text stays out of the messages: they name the formulary's words, not the patient's.
 */
export function safetyWarnings(formulary: Formulary, med: MedicationRecord, input: SafetyInput): DoseWarning[] {
  const warnings: DoseWarning[] = [];

  const allergyHits = new Set<string>();
  for (const allergy of input.allergies)
    for (const term of med.allergy_terms) if (textNames(allergy, term)) allergyHits.add(term);
  if (allergyHits.size > 0) {
    warnings.push({
      code: 'ALLERGY',
      severity: 'danger',
      message: `Recorded allergy matches ${med.name} (${[...allergyHits].join(', ')}). Do not give unless Base directs.`,
    });
  }

  const givenIds = new Set(input.given.map((g) => formulary.byName(g.medication)?.id).filter(Boolean));
  for (const interaction of med.interactions) {
    const byFlag = interaction.request_flag === 'pde5_inhibitor_within_48h' && input.pde5Within48h;
    const byHome = input.homeMedications.some((m) => interaction.home_terms.some((term) => textNames(m, term)));
    const byGiven = interaction.given.some((id) => givenIds.has(id));
    if (byFlag || byHome || byGiven)
      warnings.push({ code: 'INTERACTION', severity: interaction.severity, message: interaction.message });
  }

  if (input.ageYears !== undefined) {
    for (const caution of med.age_cautions)
      if (input.ageYears >= caution.from_years)
        warnings.push({ code: 'AGE_CAUTION', severity: 'caution', message: caution.message });
  }

  if (med.contraindications.length > 0) {
    warnings.push({
      code: 'CONTRAINDICATIONS',
      severity: 'caution',
      message: `Rule out before giving: ${med.contraindications.join('; ')}.`,
    });
  }
  return warnings;
}
