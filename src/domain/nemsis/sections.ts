import {
  AGE_UNITS,
  AUTHORIZATION,
  CARDIAC_ARREST,
  CREW_LEVEL,
  DOSE_UNIT,
  MEDICATION_RESPONSE,
  NO,
  NV,
  PROTOCOL_AGE,
  ROUTE,
  SEX,
  TAPE_COLOR,
} from './codes';
import type { Encounter, EncounterVitals } from './encounter';
import { COUNTY_APPROVED_RXNORM, IMPRESSION_MAPPINGS, PROTOCOL_MAPPINGS, rxnormFor } from './mappings';
import { nemsisDateTime, patientContactMade } from './sections-call';
import { el, nil, valueOrNil, type XmlNode } from './xml';

export type Warn = (
  code: 'COUNTY_REQUIRED_MISSING' | 'NOT_CODED' | 'NOT_COUNTY_APPROVED',
  element: string,
  message: string,
) => void;

/** The patient: demographics, payment, scene, situation, injury, arrest, history. */
export function patientSections(e: Encounter, warn: Warn) {
  const contact = patientContactMade(e);
  const na = NV.notApplicable;
  const nr = NV.notRecorded;
  // After patient contact, what Rigside did not capture is Not Recorded; without contact, it cannot apply.
  const missing = contact ? nr : na;
  const p = e.patient;

  const age: [number, string] | null =
    p.ageYears !== undefined
      ? [p.ageYears, AGE_UNITS.years]
      : p.ageMonths !== undefined
        ? [p.ageMonths, AGE_UNITS.months]
        : p.ageDays !== undefined
          ? [p.ageDays, AGE_UNITS.days]
          : null;
  if (contact) {
    // LA County (Ref. 640): mandatory after patient contact; Rigside keeps no names by design.
    warn(
      'COUNTY_REQUIRED_MISSING',
      'ePatient.02',
      'The County requires the patient’s last name, which Rigside does not keep: the ePCR must add it.',
    );
    warn(
      'COUNTY_REQUIRED_MISSING',
      'ePatient.03',
      'The County requires the patient’s first name, which Rigside does not keep: the ePCR must add it.',
    );
    if (!age)
      warn(
        'COUNTY_REQUIRED_MISSING',
        'ePatient.15',
        'No age: the County requires the age and its units after patient contact.',
      );
  }
  const ePatient = el('ePatient', [
    ...(contact ? [el('ePatient.PatientNameGroup', [nil('ePatient.02', nr), nil('ePatient.03', nr)])] : []),
    nil('ePatient.07', missing),
    nil('ePatient.08', missing),
    nil('ePatient.09', missing),
    nil('ePatient.14', missing),
    el('ePatient.AgeGroup', [
      valueOrNil('ePatient.15', age?.[0], missing),
      valueOrNil('ePatient.16', age?.[1], missing),
    ]),
    valueOrNil('ePatient.25', p.sex ? SEX[p.sex] : undefined, missing),
  ]);

  const ePayment = el('ePayment', [nil('ePayment.01', missing), nil('ePayment.50', missing)]);

  const eScene = el('eScene', [
    nil('eScene.01', nr),
    nil('eScene.06', nr),
    nil('eScene.07', nr),
    nil('eScene.08', na),
    nil('eScene.09', nr),
    nil('eScene.18', nr),
    nil('eScene.19', nr),
    nil('eScene.21', nr),
  ]);

  const [primary, ...secondary] = e.situation.impressions;
  if (contact && !primary)
    warn(
      'COUNTY_REQUIRED_MISSING',
      'eSituation.11',
      'No provider impression: the County requires the primary impression after patient contact.',
    );
  if (contact)
    warn(
      'COUNTY_REQUIRED_MISSING',
      'eSituation.09',
      'The County requires the primary symptom (ICD-10-CM), which Rigside does not code.',
    );
  const icd = (code: string) => IMPRESSION_MAPPINGS.get(code)?.icd10cm;
  const eSituation = el('eSituation', [
    nil('eSituation.01', missing),
    nil('eSituation.02', missing),
    nil('eSituation.07', missing),
    nil('eSituation.08', missing),
    nil('eSituation.09', missing),
    nil('eSituation.10', missing),
    valueOrNil('eSituation.11', primary ? icd(primary) : undefined, missing),
    ...(secondary.length > 0
      ? secondary.map((s) => el('eSituation.12', icd(s) ?? ''))
      : [nil('eSituation.12', missing)]),
    nil('eSituation.13', missing),
    nil('eSituation.18', missing),
    nil('eSituation.20', na),
  ]);

  const eInjury = el('eInjury', [nil('eInjury.01', missing), nil('eInjury.03', missing), nil('eInjury.04', missing)]);

  const arrest = e.situation.cardiacArrest;
  const arrestApplies = arrest !== undefined && arrest !== 'no';
  const arrestDetail = arrestApplies ? nr : arrest === 'no' ? na : missing;
  const eArrest = el('eArrest', [
    valueOrNil('eArrest.01', arrest ? CARDIAC_ARREST[arrest] : undefined, missing),
    ...['02', '03', '04', '07', '09', '11', '12', '14', '16', '17', '18', '20', '21', '22'].map((n) =>
      nil(`eArrest.${n}`, arrestDetail),
    ),
  ]);

  const eHistory = el('eHistory', [nil('eHistory.01', missing), nil('eHistory.17', missing)]);
  return { ePatient, ePayment, eScene, eSituation, eInjury, eArrest, eHistory };
}

function vitalGroup(v: EncounterVitals | null): XmlNode {
  const nr = NV.notRecorded;
  return el('eVitals.VitalGroup', [
    valueOrNil('eVitals.01', v ? nemsisDateTime(v.at) : undefined, nr),
    v ? el('eVitals.02', NO) : nil('eVitals.02', nr),
    el('eVitals.CardiacRhythmGroup', [nil('eVitals.03', nr), nil('eVitals.04', nr), nil('eVitals.05', nr)]),
    el('eVitals.BloodPressureGroup', [
      valueOrNil('eVitals.06', v?.systolic, nr),
      ...(v?.diastolic !== undefined ? [el('eVitals.07', v.diastolic)] : []),
    ]),
    el('eVitals.HeartRateGroup', [valueOrNil('eVitals.10', v?.heartRate, nr)]),
    valueOrNil('eVitals.12', v?.spo2, nr),
    valueOrNil('eVitals.14', v?.respRate, nr),
    nil('eVitals.16', nr),
    valueOrNil('eVitals.18', v?.glucose, nr),
    el('eVitals.GlasgowScoreGroup', [
      nil('eVitals.19', nr),
      nil('eVitals.20', nr),
      nil('eVitals.21', nr),
      nil('eVitals.22', nr),
      ...(v?.gcs !== undefined ? [el('eVitals.23', v.gcs)] : []),
    ]),
    nil('eVitals.26', nr),
    el('eVitals.PainScaleGroup', [nil('eVitals.27', nr)]),
    el('eVitals.StrokeScaleGroup', [nil('eVitals.29', nr), nil('eVitals.30', nr)]),
    nil('eVitals.31', nr),
  ]);
}

/** What the crew did: narrative, vitals, exam (weight), protocols, medications, procedures; and the County's custom codes. */
export function clinicalSections(e: Encounter, warn: Warn) {
  const contact = patientContactMade(e);
  const missing = contact ? NV.notRecorded : NV.notApplicable;

  const eNarrative = e.narrative ? el('eNarrative', [el('eNarrative.01', e.narrative)]) : null;

  const vitals = [...e.vitals].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const eVitals = el('eVitals', vitals.length > 0 ? vitals.map(vitalGroup) : [vitalGroup(null)]);

  const { weightKg, colorBand } = e.patient;
  const eExam =
    weightKg !== undefined || colorBand !== undefined
      ? el('eExam', [
          ...(weightKg !== undefined ? [el('eExam.01', String(Math.round(weightKg * 10) / 10))] : []),
          ...(colorBand !== undefined ? [el('eExam.02', TAPE_COLOR[colorBand as keyof typeof TAPE_COLOR])] : []),
        ])
      : null;

  const configuration: XmlNode[] = [];
  const results: XmlNode[] = [];
  if (contact && e.protocols.length === 0)
    warn(
      'COUNTY_REQUIRED_MISSING',
      'eProtocols.01',
      'No protocol applied: the County requires the protocol used after patient contact.',
    );
  const protocolGroups = e.protocols.map((p, i) => {
    const mapping = PROTOCOL_MAPPINGS.get(p.code);
    const correlationId = `protocol-${i + 1}`;
    if (mapping?.countyCustom) {
      results.push(
        el('eCustomResults.ResultsGroup', [
          el('eCustomResults.01', mapping.countyCustom),
          el('eCustomResults.02', 'eProtocols.01'),
          el('eCustomResults.03', correlationId),
        ]),
      );
    }
    // LA County: Assessment (1201) is for all ages; every other protocol is written for adults or children.
    const ageCategory =
      p.code === '1201' ? PROTOCOL_AGE.general : p.code.endsWith('-P') ? PROTOCOL_AGE.pediatric : PROTOCOL_AGE.adult;
    return el(
      'eProtocols.ProtocolGroup',
      [el('eProtocols.01', mapping?.nemsis ?? ''), el('eProtocols.02', ageCategory)],
      { CorrelationID: correlationId },
    );
  });
  const eProtocols = el(
    'eProtocols',
    protocolGroups.length > 0 ? protocolGroups : [el('eProtocols.ProtocolGroup', [nil('eProtocols.01', missing)])],
  );
  if (results.length > 0) {
    const customCodes = [...new Set(e.protocols.flatMap((p) => PROTOCOL_MAPPINGS.get(p.code)?.countyCustom ?? []))];
    configuration.push(
      el(
        'eCustomConfiguration.CustomGroup',
        [
          el('eCustomConfiguration.01', 'LAC-EMS Protocols Used', { nemsisElement: 'eProtocols.01' }),
          el(
            'eCustomConfiguration.02',
            'The LA County protocol used, where the County has a custom code (its NEMSIS fallback is in eProtocols.01).',
          ),
          el('eCustomConfiguration.03', '9902009'),
          el('eCustomConfiguration.04', NO),
          el('eCustomConfiguration.05', '9903003'),
          ...customCodes.map((code) =>
            el('eCustomConfiguration.06', code, { nemsisCode: PROTOCOL_MAPPINGS.get(code)?.nemsis ?? '' }),
          ),
        ],
        { CustomElementID: 'eProtocols.01' },
      ),
    );
  }

  const level = new Map(e.crew.map((c) => [c.id, c.level]));
  const doses = [...e.medications].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const medicationGroups = doses.map((m, i) => {
    const rxnorm = rxnormFor(m.medication, m.concentration);
    const element = `eMedications.03 (medications.${e.medications.indexOf(m)})`;
    if (rxnorm === null)
      warn('NOT_CODED', element, `No RxNorm code for ${m.medication} in the mapping table: the ePCR must code it.`);
    else if (!COUNTY_APPROVED_RXNORM.has(rxnorm))
      warn(
        'NOT_COUNTY_APPROVED',
        element,
        `RxNorm ${rxnorm} (${m.medication}) is not on the County’s approved medication list.`,
      );
    const givenBy = m.givenBy !== undefined ? level.get(m.givenBy) : undefined;
    return el(
      'eMedications.MedicationGroup',
      [
        el('eMedications.01', nemsisDateTime(m.at)),
        el('eMedications.02', NO),
        valueOrNil('eMedications.03', rxnorm, NV.notRecorded),
        el('eMedications.04', ROUTE[m.route]),
        el('eMedications.DosageGroup', [
          el('eMedications.05', String(Math.round(m.dose.value * 1000) / 1000)),
          el('eMedications.06', DOSE_UNIT[m.dose.unit]),
        ]),
        valueOrNil('eMedications.07', m.response ? MEDICATION_RESPONSE[m.response] : undefined, NV.notRecorded),
        nil('eMedications.08', NV.notRecorded),
        valueOrNil('eMedications.10', givenBy ? CREW_LEVEL[givenBy].caregiver : undefined, NV.notRecorded),
        el('eMedications.11', AUTHORIZATION[m.authorization]),
      ],
      { CorrelationID: `medication-${i + 1}` },
    );
  });
  const eMedications = el(
    'eMedications',
    medicationGroups.length > 0
      ? medicationGroups
      : [
          el('eMedications.MedicationGroup', [
            nil('eMedications.01', NV.notApplicable),
            nil('eMedications.02', NV.notApplicable),
            nil('eMedications.03', NV.notApplicable),
            nil('eMedications.04', NV.notApplicable),
            el('eMedications.DosageGroup', [
              nil('eMedications.05', NV.notApplicable),
              nil('eMedications.06', NV.notApplicable),
            ]),
            nil('eMedications.07', NV.notApplicable),
            nil('eMedications.08', NV.notApplicable),
            nil('eMedications.10', NV.notApplicable),
          ]),
        ],
  );

  // Rigside records no procedures.
  const eProcedures = el('eProcedures', [
    el(
      'eProcedures.ProcedureGroup',
      ['01', '02', '03', '05', '06', '07', '08', '10'].map((n) => nil(`eProcedures.${n}`, NV.notRecorded)),
    ),
  ]);
  return {
    eNarrative,
    eVitals,
    eExam,
    eProtocols,
    eMedications,
    eProcedures,
    customResults: { configuration, results },
  };
}
