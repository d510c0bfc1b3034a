import { z } from 'zod';
import impressionsJson from './mappings/impressions-icd10cm.json' with { type: 'json' };
import medicationsJson from './mappings/medications-rxnorm.json' with { type: 'json' };
import protocolsJson from './mappings/protocols-eprotocols.json' with { type: 'json' };

/**
 * The three mapping tables of the NEMSIS export, kept as data (mappings/*.json) so a medical
 * director or the agency's IT can read and review them: our medications to RxNorm, our
 * provider impressions to ICD-10-CM, our protocols to eProtocols.01 codes. Facts from LA
 * County's NEMSIS 3.5.0 data dictionary (EMS Agency Ref. No. 640) and the national lists.
 */

const source = z.string().min(1);

const medicationTableSchema = z
  .object({
    source,
    /** eMedications.03 codes the County accepts ("Medications Approved in LAC-EMS"). */
    countyApprovedRxnorm: z.array(z.string().regex(/^\d{2,9}$/)),
    rows: z.array(
      z
        .object({
          medication: z.string().min(1),
          /** null: neither the County nor the national list gives a code; the export says so rather than guess. */
          rxnorm: z
            .string()
            .regex(/^\d{2,9}$/)
            .nullable(),
          /** A code per stocked concentration (the dose record's `concentration` label) where products differ. */
          byConcentration: z.record(z.string(), z.string().regex(/^\d{2,9}$/)).optional(),
        })
        .strict(),
    ),
  })
  .strict();

const impressionTableSchema = z
  .object({
    source,
    rows: z.array(
      z
        .object({
          impression: z.string().regex(/^[A-Z]{4}$/),
          icd10cm: z.string().regex(/^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$/),
        })
        .strict(),
    ),
  })
  .strict();

const protocolTableSchema = z
  .object({
    source,
    rows: z.array(
      z
        .object({
          protocol: z.string().regex(/^\d{4}(-P)?$/),
          /** eProtocols.01 (9914xxx). For a County custom code this is the County's NEMSIS fallback. */
          nemsis: z.string().regex(/^9914\d{3}$/),
          /** The County's own code, sent in eCustomResults, where its protocol has no national equivalent. */
          countyCustom: z
            .string()
            .regex(/^\d{4}(-P)?$/)
            .optional(),
        })
        .strict(),
    ),
  })
  .strict();

function uniqueBy<T>(rows: readonly T[], key: (row: T) => string, table: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const row of rows) {
    const k = key(row);
    if (map.has(k)) throw new Error(`${table}: ${k} appears twice`);
    map.set(k, row);
  }
  return map;
}

export type MedicationMapping = z.infer<typeof medicationTableSchema>['rows'][number];
export type ProtocolMapping = z.infer<typeof protocolTableSchema>['rows'][number];

const medicationTable = medicationTableSchema.parse(medicationsJson);
const impressionTable = impressionTableSchema.parse(impressionsJson);
const protocolTable = protocolTableSchema.parse(protocolsJson);

export const MEDICATION_MAPPINGS = uniqueBy(medicationTable.rows, (r) => r.medication, 'medications-rxnorm.json');
export const IMPRESSION_MAPPINGS = uniqueBy(impressionTable.rows, (r) => r.impression, 'impressions-icd10cm.json');
export const PROTOCOL_MAPPINGS = uniqueBy(protocolTable.rows, (r) => r.protocol, 'protocols-eprotocols.json');
export const COUNTY_APPROVED_RXNORM: ReadonlySet<string> = new Set(medicationTable.countyApprovedRxnorm);

/** The RxNorm code for a dose of this medication in this concentration, or null when the table has none. */
export function rxnormFor(medication: string, concentration: string | undefined): string | null {
  const row = MEDICATION_MAPPINGS.get(medication);
  if (!row) return null;
  return (concentration !== undefined ? row.byConcentration?.[concentration] : undefined) ?? row.rxnorm;
}
