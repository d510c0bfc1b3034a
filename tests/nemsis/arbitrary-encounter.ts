// fast-check encounters spanning the encounter schema: every enum value, optional fields
// present or absent, edge numbers, and free text with XML's special characters, line breaks
// and characters from outside the Basic Multilingual Plane (some of them not XML at all, which
// the schema must refuse).
import fc from 'fast-check';
import {
  AUTHORIZATION,
  CARDIAC_ARREST,
  CREW_LEVEL,
  CREW_ROLE,
  DISPATCH_REASON,
  MEDICATION_RESPONSE,
  RESPONSE_MODE,
  SERVICE_TYPE,
  SEX,
  TRANSPORT_DISPOSITION,
  UNIT_CAPABILITY,
  UNIT_DISPOSITION,
} from '../../src/domain/nemsis/codes';
import { IMPRESSION_MAPPINGS, MEDICATION_MAPPINGS, PROTOCOL_MAPPINGS } from '../../src/domain/nemsis/mappings';
import { DOSE_UNITS, ROUTES } from '../../src/domain/dosing/formulary-schema';
import { COLOR_BANDS } from '../../src/domain/dosing/color-bands';

const oneOf = (o: Record<string, unknown>) => fc.constantFrom(...Object.keys(o));
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

// Mostly text XML can carry (so most encounters pass the schema and reach the validator), now
// and then a control character or U+FFFE that the schema must refuse.
const xmlUnit = fc.constantFrom('<', '>', '&', '"', "'", '\n', '\r', '\t', ' ', ']]>', 'é', '😀', 'A', 'z', '7', '-');
const awkwardText = (min: number, max: number) =>
  fc.oneof(
    { arbitrary: fc.string({ minLength: min, maxLength: max }).filter((t) => t.trim().length >= min), weight: 10 },
    {
      arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: max }).filter((t) => t.trim().length >= min),
      weight: 10,
    },
    {
      arbitrary: fc.string({ unit: xmlUnit, minLength: min, maxLength: max }).filter((t) => t.trim().length >= min),
      weight: 10,
    },
    {
      arbitrary: fc.string({
        unit: fc.constantFrom('a', '\u0001', '\uFFFE', '\uD800', ' '),
        minLength: min,
        maxLength: max,
      }),
      weight: 1,
    },
  );

const time = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2049-12-31T00:00:00Z'), noInvalidDate: true })
  .chain((d) =>
    fc.constantFrom(
      d.toISOString(),
      d.toISOString().replace('Z', '-08:00'),
      d.toISOString().replace(/\.\d+Z$/, '+05:30'),
    ),
  );

const uuid = fc.uuid({ version: [1, 2, 3, 4, 5] });

export const arbitraryEncounter = fc
  .uniqueArray(fc.string({ minLength: 2, maxLength: 12, unit: fc.constantFrom('P', 'E', '-', '1', '2', '7') }), {
    maxLength: 4,
  })
  .chain((crewIds) =>
    fc.record({
      format: fc.constant('rigside-encounter/1'),
      reportUuid: uuid,
      pcrNumber: awkwardText(3, 50),
      agency: fc.record({
        stateId: awkwardText(1, 50),
        number: awkwardText(1, 15),
        state: fc.constantFrom('06', '09', '48'),
      }),
      unit: fc.record({
        vehicleNumber: awkwardText(1, 25),
        callSign: awkwardText(1, 50),
        capability: oneOf(UNIT_CAPABILITY),
      }),
      response: fc.record(
        {
          incidentNumber: awkwardText(3, 50),
          responseNumber: awkwardText(3, 50),
          serviceType: oneOf(SERVICE_TYPE),
          mode: oneOf(RESPONSE_MODE),
        },
        { requiredKeys: ['serviceType', 'mode'] },
      ),
      dispatchReason: oneOf(DISPATCH_REASON),
      crew: fc.tuple(
        ...crewIds.map((id) =>
          fc.record({ id: fc.constant(id), level: oneOf(CREW_LEVEL), role: optional(oneOf(CREW_ROLE)) }),
        ),
      ),
      times: fc.record(
        {
          psapCall: time,
          dispatched: time,
          enRoute: time,
          onScene: time,
          patientContact: time,
          leftScene: time,
          atDestination: time,
          transferOfCare: time,
          inService: time,
        },
        { requiredKeys: ['dispatched', 'inService'] },
      ),
      patient: fc.oneof(
        fc.record(
          {
            ageYears: fc.integer({ min: 1, max: 120 }),
            sex: oneOf(SEX),
            weightKg: fc.double({ min: 0.1, max: 400, noNaN: true }),
            colorBand: fc.constantFrom(...COLOR_BANDS.map((b) => b.color)),
          },
          { requiredKeys: [] },
        ),
        fc.record({ ageMonths: fc.integer({ min: 1, max: 24 }) }),
        fc.record({ ageDays: fc.integer({ min: 0, max: 60 }) }),
      ),
      situation: fc.record(
        {
          chiefComplaint: awkwardText(1, 80),
          impressions: fc.array(fc.constantFrom(...IMPRESSION_MAPPINGS.keys()), { maxLength: 4 }),
          cardiacArrest: oneOf(CARDIAC_ARREST),
        },
        { requiredKeys: ['impressions'] },
      ),
      vitals: fc.array(
        fc.record(
          {
            at: time,
            heartRate: fc.integer({ min: 0, max: 500 }),
            respRate: fc.integer({ min: 0, max: 100 }),
            systolic: fc.integer({ min: 0, max: 500 }),
            diastolic: fc.integer({ min: 0, max: 500 }),
            spo2: fc.integer({ min: 0, max: 100 }),
            gcs: fc.integer({ min: 3, max: 15 }),
            glucose: fc.integer({ min: 0, max: 2000 }),
          },
          { requiredKeys: ['at'] },
        ),
        { maxLength: 3 },
      ),
      medications: fc.array(
        fc.record(
          {
            at: time,
            medication: fc.constantFrom(...MEDICATION_MAPPINGS.keys()),
            route: fc.constantFrom(...ROUTES),
            dose: fc.record({
              value: fc.oneof(
                { arbitrary: fc.integer({ min: 1, max: 100_000_000 }).map((n) => n / 1000), weight: 20 },
                { arbitrary: fc.double({ min: 0.001, max: 100_000, noNaN: true }), weight: 1 },
              ),
              unit: fc.constantFrom(...DOSE_UNITS),
            }),
            concentration: fc.constantFrom('1 mg/mL', '0.1 mg/mL', '50 mcg/mL'),
            authorization: oneOf(AUTHORIZATION),
            givenBy: crewIds.length > 0 ? fc.constantFrom(...crewIds) : fc.constant('P-0000'),
            response: oneOf(MEDICATION_RESPONSE),
          },
          { requiredKeys: ['at', 'medication', 'route', 'dose', 'authorization'] },
        ),
        { maxLength: 3 },
      ),
      protocols: fc.array(fc.record({ code: fc.constantFrom(...PROTOCOL_MAPPINGS.keys()), at: optional(time) }), {
        maxLength: 3,
      }),
      narrative: optional(awkwardText(1, 300)),
      disposition: fc.record({ unit: oneOf(UNIT_DISPOSITION), transport: optional(oneOf(TRANSPORT_DISPOSITION)) }),
      closedAt: time,
    }),
  )
  // JSON has no undefined: drop the keys fast-check left empty, as a file would.
  .map((e) => JSON.parse(JSON.stringify(e)) as unknown);
