import { z } from 'zod';
import type { PatientFields } from '../patient/context';
import {
  DISPATCH_REASON,
  keysOf,
  RESPONSE_MODE,
  SERVICE_TYPE,
  TRANSPORT_DISPOSITION,
  UNIT_CAPABILITY,
  UNIT_DISPOSITION,
} from './codes';
import { IMPRESSION_MAPPINGS } from './mappings';

/**
 * What the crew tells the device about the call when closing it (the Narrative screen's "Call"
 * form): NEMSIS needs these and the patient record does not hold them. No field has a default:
 * the crew picks each one.
 */
export const callDetailsSchema = z.object({
  dispatchReason: z.enum(keysOf(DISPATCH_REASON)),
  serviceType: z.enum(keysOf(SERVICE_TYPE)),
  responseMode: z.enum(keysOf(RESPONSE_MODE)),
  dispatchedAt: z.string().datetime({ offset: true }),
  unitDisposition: z.enum(keysOf(UNIT_DISPOSITION)),
  transport: z.enum(keysOf(TRANSPORT_DISPOSITION)).optional(),
  impression: z.enum([...IMPRESSION_MAPPINGS.keys()] as [string, ...string[]]).optional(),
  unit: z.object({
    vehicleNumber: z.string().trim().min(1).max(25),
    callSign: z.string().trim().min(1).max(50),
    capability: z.enum(keysOf(UNIT_CAPABILITY)),
  }),
  crewMember: z.object({ id: z.string().trim().min(2).max(50), level: z.enum(['paramedic', 'emt']) }),
});
export type CallDetails = z.infer<typeof callDetailsSchema>;

export interface DeviceDose {
  createdAt: string;
  request: { base_order?: boolean | undefined };
  result: {
    medication: string;
    route: string;
    dose: { value: number; unit: string };
    concentration: string;
    color: string;
  };
}

export interface DeviceCall {
  reportUuid: string;
  agency: { stateId: string; number: string; state: string };
  context: { id: string; createdAt: string; fields: PatientFields };
  doses: DeviceDose[];
  protocolsApplied: Array<{ createdAt: string; tpCode: string }>;
  narrative: string | null;
  call: CallDetails;
  closedAt: string;
}

function patientAge(fields: PatientFields): { ageYears?: number; ageMonths?: number } {
  if (fields.age_years !== undefined && fields.age_years >= 1) return { ageYears: Math.floor(fields.age_years) };
  const months = fields.age_months ?? (fields.age_years !== undefined ? Math.floor(fields.age_years * 12) : undefined);
  return months !== undefined && months >= 1 ? { ageMonths: months } : {};
}

/** NEMSIS carries 3 decimals of a dose: a smaller mg dose is stated in mcg, the same amount. */
function nemsisDose(dose: { value: number; unit: string }): { value: number; unit: string } {
  const thousandths = dose.value * 1000;
  if (dose.unit === 'mg' && Math.abs(thousandths - Math.round(thousandths)) > 1e-9)
    return { value: Math.round(thousandths * 1000) / 1000, unit: 'mcg' };
  return dose;
}

/**
 * The encounter (encounter.ts) for a call recorded on this device: the patient context, the
 * doses confirmed and protocols applied for it, the saved narrative and the crew's call
 * details. The result is a candidate: `exportEncounter` validates it and says what to fix.
 */
export function encounterFromDevice(d: DeviceCall): unknown {
  const { fields } = d.context;
  const lastBand = [...d.doses].reverse().find((x) => x.result.color !== 'Adult')?.result.color;
  const seen = new Set<string>();
  const protocols = [...d.protocolsApplied]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .filter((p) => !seen.has(p.tpCode) && seen.add(p.tpCode))
    .map((p) => ({ code: p.tpCode, at: p.createdAt }));
  return {
    format: 'rigside-encounter/1',
    reportUuid: d.reportUuid,
    pcrNumber: fields.epcr_id ?? d.context.id,
    agency: d.agency,
    unit: d.call.unit,
    response: {
      ...(fields.incident_number ? { incidentNumber: fields.incident_number } : {}),
      serviceType: d.call.serviceType,
      mode: d.call.responseMode,
    },
    dispatchReason: d.call.dispatchReason,
    crew: [{ id: d.call.crewMember.id, level: d.call.crewMember.level, role: 'primary_caregiver' }],
    times: {
      dispatched: d.call.dispatchedAt,
      ...(d.call.unitDisposition === 'patient_contact' ? { patientContact: d.context.createdAt } : {}),
      inService: d.closedAt,
    },
    patient: {
      ...patientAge(fields),
      ...(fields.sex ? { sex: fields.sex === 'other' ? 'unknown' : fields.sex } : {}),
      ...(fields.weight_kg !== undefined ? { weightKg: fields.weight_kg } : {}),
      ...(lastBand ? { colorBand: lastBand } : {}),
    },
    situation: {
      ...(fields.chief_complaint ? { chiefComplaint: fields.chief_complaint } : {}),
      impressions: d.call.impression ? [d.call.impression] : [],
    },
    vitals: fields.vitals.map((v) => ({
      at: v.at,
      ...(v.heart_rate !== undefined ? { heartRate: v.heart_rate } : {}),
      ...(v.resp_rate !== undefined ? { respRate: v.resp_rate } : {}),
      ...(v.systolic !== undefined ? { systolic: v.systolic } : {}),
      ...(v.diastolic !== undefined ? { diastolic: v.diastolic } : {}),
      ...(v.spo2 !== undefined ? { spo2: v.spo2 } : {}),
      ...(v.gcs !== undefined ? { gcs: v.gcs } : {}),
      ...(v.glucose !== undefined ? { glucose: v.glucose } : {}),
    })),
    medications: d.doses.map((x) => ({
      at: x.createdAt,
      medication: x.result.medication,
      route: x.result.route,
      dose: nemsisDose(x.result.dose),
      concentration: x.result.concentration,
      authorization: x.request.base_order ? 'base_order' : 'standing_order',
      givenBy: d.call.crewMember.id,
    })),
    protocols,
    ...(d.narrative ? { narrative: d.narrative } : {}),
    disposition: { unit: d.call.unitDisposition, ...(d.call.transport ? { transport: d.call.transport } : {}) },
    closedAt: d.closedAt,
  };
}
