import { z } from 'zod';

/**
 * Treatment-protocol codes: four digits for adult protocols ("1211"), with a "-P" suffix
 * for the pediatric protocol of the same number ("1210-P"). 1216-P and 1235-P exist only
 * as pediatric protocols.
 */
export const tpCodeSchema = z
  .string()
  .regex(/^\d{4}(-P)?$/, 'a protocol code is four digits, with "-P" for pediatric (e.g. "1211", "1210-P")');
export type TpCode = z.infer<typeof tpCodeSchema>;

export const populationSchema = z.enum(['adult', 'pediatric']);
export type Population = z.infer<typeof populationSchema>;

export const sectionKindSchema = z.enum(['assessment', 'treatment', 'base_contact', 'notes']);
export type SectionKind = z.infer<typeof sectionKindSchema>;

/** A medication a protocol step names; `medication_id` links to the dosing screen. */
export const protocolMedicationSchema = z.object({
  medication_id: z.string().regex(/^[a-z0-9-]+$/, 'medication ids are kebab-case generic names'),
  routes: z.array(z.string().min(1)).min(1),
  indication: z.string().min(1).optional(),
  /** The dose as the protocol states it, in our own words ("0.01 mg/kg IM, max 0.5 mg"). */
  dose_text: z.string().min(1),
});
export type ProtocolMedication = z.infer<typeof protocolMedicationSchema>;

export const protocolSectionSchema = z.object({
  kind: sectionKindSchema,
  title: z.string().min(1),
  items: z.array(z.string().min(1)).min(1),
});
export type ProtocolSection = z.infer<typeof protocolSectionSchema>;

export const protocolSchema = z.object({
  tp_code: tpCodeSchema,
  name: z.string().min(1),
  population: populationSchema,
  category: z.string().min(1),
  provider_impressions: z.array(z.string().regex(/^[A-Z0-9]{3,5}$/)),
  /** Field words and abbreviations a crew would type ("CP", "MI", "heart attack"). */
  keywords: z.array(z.string().min(1)).min(1),
  sections: z.array(protocolSectionSchema).min(1),
  medications: z.array(protocolMedicationSchema),
  related: z.array(tpCodeSchema),
  /** 0..1, used as the 30% popularity share of the ranking. */
  popularity: z.number().min(0).max(1),
  version: z.number().int().positive(),
  effective_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export type Protocol = z.infer<typeof protocolSchema>;

export const providerImpressionSchema = z.object({
  code: z.string().regex(/^[A-Z0-9]{3,5}$/),
  name: z.string().min(1),
  adult_tp: tpCodeSchema.nullable(),
  pediatric_tp: tpCodeSchema.nullable(),
  /** When to choose this impression, in our own words. */
  guidance: z.string().min(1),
  keywords: z.array(z.string().min(1)),
});
export type ProviderImpression = z.infer<typeof providerImpressionSchema>;
