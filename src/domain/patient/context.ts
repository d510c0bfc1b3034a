import { z } from 'zod';

/**
 * The patient in front of the crew. Every field here is PHI: it is stored only sealed
 * (src/data/phi-crypto.ts) and lives 24 hours from creation, on the device and the server.
 */
export const CONTEXT_LIFETIME_MS = 24 * 60 * 60 * 1000;

export const vitalsSchema = z.object({
  at: z.string().datetime({ offset: true }),
  heart_rate: z.number().int().min(0).max(300).optional(),
  resp_rate: z.number().int().min(0).max(100).optional(),
  systolic: z.number().int().min(0).max(300).optional(),
  diastolic: z.number().int().min(0).max(200).optional(),
  spo2: z.number().int().min(0).max(100).optional(),
  gcs: z.number().int().min(3).max(15).optional(),
  glucose: z.number().int().min(0).max(2000).optional(),
});
export type Vitals = z.infer<typeof vitalsSchema>;

export const patientFieldsSchema = z.object({
  age_years: z.number().min(0).max(120).optional(),
  age_months: z.number().int().min(0).max(24).optional(),
  sex: z.enum(['female', 'male', 'other', 'unknown']).optional(),
  weight_kg: z.number().positive().max(400).optional(),
  chief_complaint: z.string().max(500).optional(),
  vitals: z.array(vitalsSchema).default([]),
  allergies: z.array(z.string().min(1).max(100)).default([]),
  incident_number: z.string().max(40).optional(),
  epcr_id: z.string().max(60).optional(),
});
export type PatientFields = z.infer<typeof patientFieldsSchema>;

export interface PatientContext {
  id: string;
  createdAt: string;
  expiresAt: string;
  fields: PatientFields;
}

export function expiresAtFor(createdAt: Date): Date {
  return new Date(createdAt.getTime() + CONTEXT_LIFETIME_MS);
}

export function isExpired(context: Pick<PatientContext, 'expiresAt'>, now: Date): boolean {
  return Date.parse(context.expiresAt) <= now.getTime();
}
