import { z } from 'zod';
import { DOSE_UNITS, ROUTES } from '../dosing/formulary-schema';
import { COLOR_BANDS } from '../dosing/color-bands';
import {
  AUTHORIZATION,
  CARDIAC_ARREST,
  CREW_LEVEL,
  CREW_ROLE,
  DISPATCH_REASON,
  keysOf,
  MEDICATION_RESPONSE,
  RESPONSE_MODE,
  SERVICE_TYPE,
  SEX,
  TRANSPORT_DISPOSITION,
  UNIT_CAPABILITY,
  UNIT_DISPOSITION,
} from './codes';
import { IMPRESSION_MAPPINGS, MEDICATION_MAPPINGS, PROTOCOL_MAPPINGS } from './mappings';

/**
 * An encounter: one call as Rigside knows it when the crew closes it (the patient context,
 * its vitals, the doses given, the protocols applied, the narrative, the crew, the times and
 * the agency), in the shape `exportEncounter` turns into a NEMSIS 3.5.0 EMSDataSet. This is
 * the file format of `npm run export-nemsis` (README, "NEMSIS export") and the payload the
 * device sends when a call is closed. Anything this schema accepts exports to XML that the
 * NEMSIS schema accepts: what NEMSIS could not carry is refused here, naming the field.
 */

// XML 1.0 cannot carry control characters (other than tab, line feed, carriage return),
// lone surrogates or U+FFFE/U+FFFF: refuse them rather than drop a character of clinical text.
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- these are exactly the characters refused
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function text(min: number, max: number) {
  return z
    .string()
    .min(min)
    .max(max)
    .refine((s) => !NOT_XML.test(s), 'contains a control character that XML cannot carry')
    .refine((s) => s.trim().length >= min, `must have at least ${min} non-blank characters`);
}

/** NEMSIS date/times: 1950 to 2050, with an offset (the XSD refuses a bare "Z"-less local time). */
const dateTime = z
  .string()
  .datetime({ offset: true })
  .refine((s) => {
    const t = Date.parse(s);
    return t >= Date.parse('1950-01-01T00:00:00Z') && t <= Date.parse('2050-01-01T00:00:00Z');
  }, 'must be between 1950 and 2050');

/** The PatientCareReport UUID: the XSD takes versions 1 to 5 only (not the v7 our records use). */
const reportUuid = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i,
    'must be a UUID of version 1 to 5',
  );

const crewMemberSchema = z
  .object({
    /** The agency's ID for the crew member (badge or certification number), never a name. */
    id: text(2, 50),
    level: z.enum(keysOf(CREW_LEVEL)),
    role: z.enum(keysOf(CREW_ROLE)).optional(),
  })
  .strict();

const vitalsSchema = z
  .object({
    at: dateTime,
    heartRate: z.number().int().min(0).max(500).optional(),
    respRate: z.number().int().min(0).max(100).optional(),
    systolic: z.number().int().min(0).max(500).optional(),
    diastolic: z.number().int().min(0).max(500).optional(),
    spo2: z.number().int().min(0).max(100).optional(),
    gcs: z.number().int().min(3).max(15).optional(),
    /** mg/dL. */
    glucose: z.number().int().min(0).max(2000).optional(),
  })
  .strict();

const medicationIds = [...MEDICATION_MAPPINGS.keys()] as [string, ...string[]];
const impressionCodes = [...IMPRESSION_MAPPINGS.keys()] as [string, ...string[]];
const protocolCodes = [...PROTOCOL_MAPPINGS.keys()] as [string, ...string[]];

const medicationSchema = z
  .object({
    at: dateTime,
    /** The formulary's id (src/domain/dosing/formulary). */
    medication: z.enum(medicationIds),
    route: z.enum(ROUTES),
    dose: z
      .object({
        // eMedications.05 carries at most 3 decimal places: a smaller dose is stated in a smaller unit.
        value: z
          .number()
          .min(0.001)
          .max(100_000)
          .refine(
            (v) => Math.abs(Math.round(v * 1000) / 1000 - v) < 1e-9,
            'has more than 3 decimal places: state it in a smaller unit (mcg for mg)',
          ),
        unit: z.enum(DOSE_UNITS),
      })
      .strict(),
    /** The stocked concentration's label, as the dose record states it (picks the product's RxNorm code). */
    concentration: text(1, 100).optional(),
    /** Standing order (protocol) or a Base (on-line) order: eMedications.11. */
    authorization: z.enum(keysOf(AUTHORIZATION)),
    /** eCrew.01 of whoever gave it; their level becomes eMedications.10. */
    givenBy: text(2, 50).optional(),
    response: z.enum(keysOf(MEDICATION_RESPONSE)).optional(),
  })
  .strict();

export const encounterSchema = z
  .object({
    format: z.literal('rigside-encounter/1'),
    reportUuid,
    /** eRecord.01: the agency's patient care report number. */
    pcrNumber: text(3, 50),
    agency: z
      .object({
        /** dAgency.01, the state's ID for the agency. */
        stateId: text(1, 50),
        /** dAgency.02, the agency number (also eResponse.01). */
        number: text(1, 15),
        /** dAgency.04, the ANSI state code ("06" is California). */
        state: z.string().regex(/^\d{2}$/, 'must be a two-digit ANSI state code'),
      })
      .strict(),
    unit: z
      .object({
        vehicleNumber: text(1, 25),
        callSign: text(1, 50),
        capability: z.enum(keysOf(UNIT_CAPABILITY)),
      })
      .strict(),
    response: z
      .object({
        incidentNumber: text(3, 50).optional(),
        responseNumber: text(3, 50).optional(),
        serviceType: z.enum(keysOf(SERVICE_TYPE)),
        mode: z.enum(keysOf(RESPONSE_MODE)),
      })
      .strict(),
    dispatchReason: z.enum(keysOf(DISPATCH_REASON)),
    crew: z.array(crewMemberSchema).max(20),
    times: z
      .object({
        psapCall: dateTime.optional(),
        /** eTimes.03, when the unit was notified: NEMSIS takes no Not Value here. */
        dispatched: dateTime,
        enRoute: dateTime.optional(),
        onScene: dateTime.optional(),
        patientContact: dateTime.optional(),
        leftScene: dateTime.optional(),
        atDestination: dateTime.optional(),
        transferOfCare: dateTime.optional(),
        /** eTimes.13, back in service: NEMSIS takes no Not Value here either. */
        inService: dateTime,
      })
      .strict(),
    patient: z
      .object({
        // NEMSIS ages start at 1 in their unit: a baby under a year is given in months, under a month in days.
        ageYears: z.number().int().min(1, 'a child under 1 year: give ageMonths').max(120).optional(),
        ageMonths: z.number().int().min(1, 'a baby under 1 month: give ageDays').max(24).optional(),
        ageDays: z.number().int().min(1).max(60).optional(),
        sex: z.enum(keysOf(SEX)).optional(),
        weightKg: z.number().positive().max(400).optional(),
        /** The MCG 1309 tape colour when the child was measured. */
        colorBand: z.enum(COLOR_BANDS.map((b) => b.color) as [string, ...string[]]).optional(),
      })
      .strict(),
    situation: z
      .object({
        chiefComplaint: text(1, 500).optional(),
        /** Our provider impression codes (LA County's four letters): the first is the primary. */
        impressions: z.array(z.enum(impressionCodes)).max(10),
        cardiacArrest: z.enum(keysOf(CARDIAC_ARREST)).optional(),
      })
      .strict(),
    vitals: z.array(vitalsSchema).max(100),
    medications: z.array(medicationSchema).max(100),
    protocols: z.array(z.object({ code: z.enum(protocolCodes), at: dateTime.optional() }).strict()).max(20),
    narrative: text(1, 50_000).optional(),
    disposition: z
      .object({
        unit: z.enum(keysOf(UNIT_DISPOSITION)),
        transport: z.enum(keysOf(TRANSPORT_DISPOSITION)).optional(),
      })
      .strict(),
    closedAt: dateTime,
  })
  .strict()
  .superRefine((e, ctx) => {
    const ages = [e.patient.ageYears, e.patient.ageMonths, e.patient.ageDays].filter((a) => a !== undefined);
    if (ages.length > 1)
      ctx.addIssue({
        code: 'custom',
        path: ['patient'],
        message: 'give one of ageYears, ageMonths or ageDays, not several',
      });
    const crewIds = new Set(e.crew.map((c) => c.id));
    if (crewIds.size !== e.crew.length)
      ctx.addIssue({ code: 'custom', path: ['crew'], message: 'each crew member id must appear once' });
    e.medications.forEach((m, i) => {
      if (m.givenBy !== undefined && !crewIds.has(m.givenBy)) {
        ctx.addIssue({
          code: 'custom',
          path: ['medications', i, 'givenBy'],
          message: `names ${m.givenBy}, who is not in crew`,
        });
      }
    });
  });

export type Encounter = z.infer<typeof encounterSchema>;
export type EncounterMedication = Encounter['medications'][number];
export type EncounterVitals = Encounter['vitals'][number];
