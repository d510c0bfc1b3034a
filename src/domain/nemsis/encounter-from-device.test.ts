import { describe, expect, it } from 'vitest';
import { encounterFromDevice, type DeviceCall } from './encounter-from-device';
import { exportEncounter } from './export';

const call: DeviceCall = {
  reportUuid: '5b7d3f1e-2a4c-4e6b-9d8f-0a1b2c3d4e5f',
  agency: { stateId: 'S19-50000', number: 'RS', state: '06' },
  context: {
    id: '0196a000-0000-7000-8000-000000000001',
    createdAt: '2026-03-01T22:10:00.000Z',
    fields: {
      age_years: 3,
      sex: 'female',
      weight_kg: 14,
      chief_complaint: 'hives',
      allergies: ['peanuts'],
      incident_number: 'LA26-1',
      vitals: [{ at: '2026-03-01T22:11:00.000Z', heart_rate: 160 }],
    },
  },
  doses: [
    {
      createdAt: '2026-03-01T22:13:00.000Z',
      request: {},
      result: {
        medication: 'epinephrine',
        route: 'IM',
        dose: { value: 0.14, unit: 'mg' },
        concentration: '1 mg/mL',
        color: 'Yellow',
      },
    },
    {
      createdAt: '2026-03-01T22:20:00.000Z',
      request: { base_order: true },
      result: {
        medication: 'epinephrine',
        route: 'IM',
        dose: { value: 0.1425, unit: 'mg' },
        concentration: '1 mg/mL',
        color: 'Yellow',
      },
    },
  ],
  protocolsApplied: [
    { createdAt: '2026-03-01T22:12:00.000Z', tpCode: '1219-P' },
    { createdAt: '2026-03-01T22:15:00.000Z', tpCode: '1219-P' },
  ],
  narrative: 'C: hives',
  call: {
    dispatchReason: 'allergic_reaction',
    serviceType: 'emergency',
    responseMode: 'emergent',
    dispatchedAt: '2026-03-01T22:02:00.000Z',
    unitDisposition: 'patient_contact',
    transport: 'this_unit',
    impression: 'ANPH',
    unit: { vehicleNumber: 'RA-51', callSign: 'Rescue 51', capability: 'ground_als' },
    crewMember: { id: 'P-4471', level: 'paramedic' },
  },
  closedAt: '2026-03-01T23:05:00.000Z',
};

describe('encounterFromDevice', () => {
  it('makes an encounter that exports: the child’s age, weight and tape colour, each dose, the protocol once', () => {
    const result = exportEncounter(encounterFromDevice(call), { software: { creator: 'R', name: 'R', version: '1' } });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.xml).toContain('<ePatient.15>3</ePatient.15>');
    expect(result.xml).toContain('<eExam.01>14</eExam.01>');
    expect(result.xml).toContain('<eExam.02>3502017</eExam.02>');
    expect(result.xml.match(/<eProtocols.ProtocolGroup /g)).toHaveLength(1);
    expect(result.xml).toContain('<eSituation.11>T78.2</eSituation.11>');
    expect(result.xml).toContain('<eResponse.03>LA26-1</eResponse.03>');
    expect(result.xml).toContain('<eTimes.07>2026-03-01T22:10:00.000+00:00</eTimes.07>');
  });

  it('states a dose finer than NEMSIS’s 3 decimals of a mg in mcg, the same amount, and a Base order as such', () => {
    const e = encounterFromDevice(call) as { medications: Array<{ dose: unknown; authorization: string }> };
    expect(e.medications[1]).toMatchObject({ dose: { value: 142.5, unit: 'mcg' }, authorization: 'base_order' });
    expect(e.medications[0]).toMatchObject({ dose: { value: 0.14, unit: 'mg' }, authorization: 'standing_order' });
  });

  it('gives an infant’s age in months and leaves an unknown age out rather than guess', () => {
    const infant = encounterFromDevice({
      ...call,
      context: { ...call.context, fields: { ...call.context.fields, age_years: 0.5 } },
    }) as { patient: unknown };
    expect(infant.patient).toMatchObject({ ageMonths: 6 });
    const unknown = encounterFromDevice({
      ...call,
      context: { ...call.context, fields: { vitals: [], allergies: [] } },
    }) as { patient: Record<string, unknown> };
    expect(Object.keys(unknown.patient).filter((k) => k.startsWith('age'))).toEqual([]);
  });
});
