import { z } from 'zod';

/**
 * Narrative templates are data (src/reference/narrative-templates.json), one set per agency with
 * "default" for the rest, so an agency can change its wording without a release of code.
 * A line's `{placeholders}` are filled from the patient record (compose.ts); a line that
 * `requires` a fact the record lacks is left out, one with `unless` only appears without it.
 */
export const NARRATIVE_FORMATS = ['soap', 'chart', 'chronological'] as const;
export const narrativeFormatSchema = z.enum(NARRATIVE_FORMATS);
export type NarrativeFormat = z.infer<typeof narrativeFormatSchema>;

export const PLACEHOLDERS = [
  'patient',
  'chief_complaint',
  'allergies',
  'weight',
  'vitals',
  'doses',
  'protocols',
  'timeline',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
const placeholderSchema = z.enum(PLACEHOLDERS);

const lineSchema = z
  .object({
    text: z
      .string()
      .max(500)
      .refine((t) => [...t.matchAll(/\{([a-z_]+)\}/g)].every((m) => placeholderSchema.safeParse(m[1]).success), {
        message: `uses a placeholder that does not exist (known: ${PLACEHOLDERS.join(', ')})`,
      }),
    requires: z.array(placeholderSchema).optional(),
    unless: z.array(placeholderSchema).optional(),
  })
  .strict();

const templateSchema = z
  .object({
    label: z.string().min(1).max(40),
    sections: z.array(z.object({ heading: z.string().max(20), lines: z.array(lineSchema).min(1) }).strict()).min(1),
  })
  .strict();
export type NarrativeTemplate = z.infer<typeof templateSchema>;

export const narrativeTemplatesSchema = z
  .object({
    format: z.literal('rigside-narrative-templates/1'),
    agencies: z
      .record(
        z.string().min(1),
        z.object({ soap: templateSchema, chart: templateSchema, chronological: templateSchema }).strict(),
      )
      .refine((a) => 'default' in a, 'needs a "default" agency'),
  })
  .strict();
export type NarrativeTemplates = z.infer<typeof narrativeTemplatesSchema>;

/** The agency's template for a format, or the default agency's. */
export function templateFor(
  templates: NarrativeTemplates,
  agency: string | null,
  format: NarrativeFormat,
): NarrativeTemplate {
  const set = (agency !== null ? templates.agencies[agency] : undefined) ?? templates.agencies['default'];
  if (!set) throw new Error('narrative templates have no default agency');
  return set[format];
}
