import { z } from 'zod';
import { COLOR_BANDS } from './color-bands';

/**
 * The shape of the formulary: one record per medication, each holding the dose rules the
 * engine interprets. The same records ship in the dataset (`bundledFormularyRecords()`), so a dose
 * rule is data a medical director can read, diff and review, not code.
 */

export const ROUTES = ['IV', 'IO', 'IM', 'IN', 'NEB', 'MDI', 'PO', 'ODT', 'SL'] as const;
export const routeSchema = z.enum(ROUTES);
export type Route = z.infer<typeof routeSchema>;

/** Units a dose is stated in. A DuoDote dose is a count of autoinjectors. */
export const DOSE_UNITS = ['mg', 'mcg', 'g', 'mEq', 'mL', 'autoinjector'] as const;
export const doseUnitSchema = z.enum(DOSE_UNITS);
export type DoseUnit = z.infer<typeof doseUnitSchema>;

const bandColorSchema = z.enum(COLOR_BANDS.map((b) => b.color) as [string, ...string[]]);

const fixedDoseSchema = z.object({ kind: z.literal('fixed'), value: z.number().positive() }).strict();
const perKgDoseSchema = z
  .object({
    kind: z.literal('per_kg'),
    per_kg: z.number().positive(),
    /** Ceiling of this dose. */
    max: z.number().positive(),
    /**
     * The reference gives the ceiling itself as the dose for heavier children (dextrose:
     * 125 mL above 24 kg), so reaching it is the protocol, not a cap to warn about.
     */
    max_is_dose: z.boolean().optional(),
  })
  .strict();
export const simpleDoseSchema = z.discriminatedUnion('kind', [fixedDoseSchema, perKgDoseSchema]);
export type SimpleDose = z.infer<typeof simpleDoseSchema>;
/** A dose per kilogram of body weight with its ceiling (MCG 1309's weight-based lines). */
export type PerKgDose = z.infer<typeof perKgDoseSchema>;

/**
 * How the amount of one dose is found. `sequence`: the n-th dose given in this patient
 * context (adenosine 6 then 12 mg); `by_age`: age steps, with the tape colour standing in
 * when the age is unknown where the reference says so ("ask" = the colour does not settle
 * it); `by_band`: a table per tape colour; `by_sbp`: steps by systolic pressure.
 */
export const doseSpecSchema = z.discriminatedUnion('kind', [
  fixedDoseSchema,
  perKgDoseSchema,
  z.object({ kind: z.literal('sequence'), doses: z.array(simpleDoseSchema).min(2) }).strict(),
  z
    .object({
      kind: z.literal('by_age'),
      steps: z
        .array(
          z
            .object({
              from_years: z.number().min(0),
              dose: simpleDoseSchema,
              /** Overrides the rule's doses-before-Base for this age (midazolam seizure: one dose from 12 years). */
              max_doses_before_base: z.number().int().positive().optional(),
            })
            .strict(),
        )
        .min(2),
      if_age_unknown: z.partialRecord(bandColorSchema, z.union([simpleDoseSchema, z.literal('ask')])),
    })
    .strict(),
  z.object({ kind: z.literal('by_band'), bands: z.record(bandColorSchema, simpleDoseSchema) }).strict(),
  z
    .object({
      kind: z.literal('by_sbp'),
      steps: z.array(z.object({ from_mmhg: z.number().int().positive(), dose: simpleDoseSchema }).strict()).min(1),
    })
    .strict(),
]);
export type DoseSpec = z.infer<typeof doseSpecSchema>;

/** A total: a fixed amount, or per kg with an absolute ceiling (dextrose: 5 mL/kg, at most 250 mL). */
export const amountSchema = z
  .object({
    value: z.number().positive().optional(),
    per_kg: z.number().positive().optional(),
    max: z.number().positive().optional(),
  })
  .strict()
  .refine((a) => (a.value !== undefined) !== (a.per_kg !== undefined), 'give either value or per_kg');
export type Amount = z.infer<typeof amountSchema>;

export const limitsSchema = z
  .object({
    /** Doses of the same group given in this patient context count together. */
    group: z.string().min(1),
    repeat_interval_min: z.number().positive().optional(),
    /** How the reference says to repeat, in our words ("every 5 min as needed"). */
    repeat_text: z.string().min(1),
    max_doses: z.number().int().positive().optional(),
    max_doses_before_base: z.number().int().positive().optional(),
    max_total: amountSchema.optional(),
    max_total_before_base: amountSchema.optional(),
    /**
     * When the next dose would pass the max total: `refuse` where the reference gives
     * whole doses, `cap` where it titrates to a ceiling (dextrose, naloxone).
     */
    over_max_total: z.enum(['refuse', 'cap']),
  })
  .strict();
export type Limits = z.infer<typeof limitsSchema>;

export const ageLimitSchema = z
  .object({
    min_years: z.number().min(0).optional(),
    max_years: z.number().min(0).optional(),
    /**
     * Age unknown: `allow`; `ask` (refuse until the age is given); or by weight, where the
     * chart marks rows: below `refuse_below_kg` no row exists, below `ask_below_kg` the row
     * carries an age condition.
     */
    if_unknown: z.union([
      z.literal('allow'),
      z.literal('ask'),
      z.object({ refuse_below_kg: z.number().positive(), ask_below_kg: z.number().positive() }).strict(),
    ]),
    /** Why, in our words, for the refusal message. */
    reason: z.string().min(1),
  })
  .strict();
export type AgeLimit = z.infer<typeof ageLimitSchema>;

export const formulationSchema = z
  .object({
    label: z.string().min(1),
    /** Amount per mL in the rule's unit; absent for tablets, inhalers and autoinjectors. */
    per_ml: z.number().positive().optional(),
    /** Amount per tablet, puff or autoinjector, in the rule's unit. */
    per_unit: z
      .object({ amount: z.number().positive(), form: z.enum(['tablet', 'puff', 'autoinjector', 'tube']) })
      .strict()
      .optional(),
  })
  .strict();
export type Formulation = z.infer<typeof formulationSchema>;

export const POPULATIONS = ['adult', 'pediatric'] as const;
export type Population = (typeof POPULATIONS)[number];

export const doseRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    population: z.enum(POPULATIONS),
    routes: z.array(routeSchema).min(1),
    /** Canonical indication ids of the medication. */
    indications: z.array(z.string().min(1)).min(1),
    dose: doseSpecSchema,
    unit: doseUnitSchema,
    formulation: formulationSchema,
    max_single: z.number().positive(),
    limits: limitsSchema,
    age: ageLimitSchema.optional(),
    dilute_under_one_year: z.boolean().optional(),
    /** The reference holds the drug below this systolic pressure (nitroglycerin: 100 mmHg). */
    hold_below_sbp_mmhg: z.number().int().positive().optional(),
    /** Shown with every dose of this rule (how to give it, Base contact), in our words. */
    notes: z.array(z.string().min(1)),
    /** Reference documents this rule is taken from. */
    sources: z.array(z.string().min(1)).min(1),
  })
  .strict();
export type DoseRule = z.infer<typeof doseRuleSchema>;

export const WARNING_SEVERITIES = ['info', 'caution', 'danger'] as const;
export type WarningSeverity = (typeof WARNING_SEVERITIES)[number];

export const interactionSchema = z
  .object({
    /** Words in the patient's own medications that trigger it (generic, brand or class). */
    home_terms: z.array(z.string().min(2)),
    /** Medication ids given earlier in this patient context that trigger it. */
    given: z.array(z.string().regex(/^[a-z0-9-]+$/)),
    /** A yes/no the request carries (nitroglycerin: a PDE-5 inhibitor in the last 48 h). */
    request_flag: z.enum(['pde5_inhibitor_within_48h']).optional(),
    severity: z.enum(WARNING_SEVERITIES),
    message: z.string().min(1),
  })
  .strict();
export type Interaction = z.infer<typeof interactionSchema>;

export const medicationRecordSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    brand_names: z.array(z.string().min(1)),
    /** Other names a crew uses (abbreviations, older names); matched exactly by the engine. */
    aliases: z.array(z.string().min(1)),
    classes: z.array(z.string().min(1)).min(1),
    /** calculated: the engine doses it; titrated: set at the bedside (oxygen); not_in_formulary: no agency dose. */
    status: z.enum(['calculated', 'titrated', 'not_in_formulary']),
    /** For records the engine does not dose: what to do instead. */
    guidance: z.string().min(1).optional(),
    indications: z.array(z.object({ id: z.string().min(1), aliases: z.array(z.string().min(1)) }).strict()),
    rules: z.array(doseRuleSchema),
    adult_only: z.boolean(),
    contraindications: z.array(z.string().min(1)),
    /** Allergy words that match this medication: its names, its class, cross-reacting drugs. */
    allergy_terms: z.array(z.string().min(2)),
    interactions: z.array(interactionSchema),
    /** Ages at which the reference advises caution (olanzapine over 70). */
    age_cautions: z.array(z.object({ from_years: z.number().positive(), message: z.string().min(1) }).strict()),
    /**
     * Indications the reference sends to another drug for this population (a child with a
     * mild nerve-agent exposure gets atropine, not DuoDote): refused with this message.
     */
    referrals: z.array(
      z
        .object({
          population: z.enum(POPULATIONS),
          indications: z.array(z.string().min(1)).min(1),
          message: z.string().min(1),
        })
        .strict(),
    ),
    sources: z.array(z.string().min(1)),
  })
  .strict();
export type MedicationRecord = z.infer<typeof medicationRecordSchema>;

/**
 * The formulary as dataset records: one per medication, with its dose rules (per kg,
 * fixed, by age, by tape colour, by SBP), concentrations, routes, indications, max single
 * and max total doses, repeat intervals, age limits, contraindications and interactions.
 * The same data the engine interprets, so what ships is what doses.
 */
export const formularyRecordSchema = medicationRecordSchema.extend({
  /** Every route some rule gives it by, in the engine's route order. */
  routes: z.array(routeSchema),
  /** Every stocked formulation its rules draw from ("1 mg/mL", "0.4 mg sublingual tablet or spray"). */
  concentrations: z.array(z.string().min(1)),
  formulary_version: z.string().min(1),
});
export type FormularyRecord = z.infer<typeof formularyRecordSchema>;

/** Cross-record checks a single record's schema cannot make. */
export const formularyRecordsSchema = z.array(formularyRecordSchema).superRefine((records, ctx) => {
  const ids = new Set(records.map((r) => r.id));
  const ruleIds = new Set<string>();
  records.forEach((med, i) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', path: [i], message: `${med.id}: ${message}` });
    if (records.findIndex((r) => r.id === med.id) !== i) issue('duplicate medication id');
    const indications = new Set(med.indications.map((x) => x.id));
    if (med.status === 'calculated' && med.rules.length === 0) issue('a calculated medication needs dose rules');
    if (med.status !== 'calculated' && !med.guidance) issue('a medication the engine does not dose needs guidance');
    if (med.adult_only && med.rules.some((r) => r.population === 'pediatric'))
      issue('adult-only but has pediatric rules');
    for (const rule of med.rules) {
      if (ruleIds.has(rule.id)) issue(`rule id ${rule.id} is used twice`);
      ruleIds.add(rule.id);
      for (const ind of rule.indications)
        if (!indications.has(ind)) issue(`rule ${rule.id} names unknown indication "${ind}"`);
      if (rule.unit !== 'mL' && rule.formulation.per_ml === undefined && rule.formulation.per_unit === undefined)
        issue(`rule ${rule.id} says neither mL nor units to give`);
      if (
        rule.dose.kind === 'by_age' &&
        rule.dose.steps.some((s, k, all) => k > 0 && s.from_years <= all[k - 1]!.from_years)
      )
        issue(`rule ${rule.id} age steps are not ascending`);
      if (
        rule.dose.kind === 'by_sbp' &&
        rule.dose.steps.some((s, k, all) => k > 0 && s.from_mmhg <= all[k - 1]!.from_mmhg)
      )
        issue(`rule ${rule.id} SBP steps are not ascending`);
    }
    for (const referral of med.referrals)
      for (const ind of referral.indications)
        if (!indications.has(ind)) issue(`referral names unknown indication "${ind}"`);
    for (const interaction of med.interactions)
      for (const id of interaction.given) if (!ids.has(id)) issue(`interaction names unknown medication "${id}"`);
  });
});
