import { z } from 'zod';
import { encounterSchema, type Encounter } from './encounter';
import { serialize, type XmlNode } from './xml';
import { clinicalSections, patientSections, type Warn } from './sections';
import { dispositionSections, headerSections } from './sections-call';

/**
 * Turns an encounter into one NEMSIS 3.5.0 `EMSDataSet` document (pure: the caller passes the
 * software's name and version; nothing here reads a clock). Sections come in the schema's
 * order; a required element with no value is nil-coded with the Not Value that says why
 * (Not Applicable when it cannot apply, Not Recorded when Rigside did not capture it). Where
 * LA County requires after patient contact what the encounter lacks, the document is still
 * written, and each gap is listed as a warning naming the element: NEMSIS's own convention,
 * so the ePCR or the County's repository can tell the crew what to complete.
 */

export const NEMSIS_NAMESPACE = 'http://www.nemsis.org';
export const NEMSIS_SCHEMA_LOCATION =
  'http://www.nemsis.org https://nemsis.org/media/nemsis_v3/3.5.0.250403CP5/XSDs/NEMSIS_XSDs/EMSDataSet_v3.xsd';

export interface ExportOptions {
  /** eRecord.02-.04: who made the software that wrote the record, its name and version. */
  software: { creator: string; name: string; version: string };
}

export interface ExportWarning {
  code: 'COUNTY_REQUIRED_MISSING' | 'NOT_CODED' | 'NOT_COUNTY_APPROVED';
  /** The NEMSIS element concerned, e.g. ePatient.15. */
  element: string;
  message: string;
}

export interface ExportError {
  code: 'ENCOUNTER_INVALID';
  /** The encounter field to fix, as a path (`medications.0.route`); empty for the whole document. */
  field: string;
  message: string;
}

export type ExportResult = { ok: true; xml: string; warnings: ExportWarning[] } | { ok: false; errors: ExportError[] };

const softwareSchema = z.object({
  creator: z.string().min(1).max(50),
  name: z.string().min(1).max(50),
  version: z.string().min(1).max(50),
});

export function exportEncounter(input: unknown, options: ExportOptions): ExportResult {
  const software = softwareSchema.safeParse(options.software);
  if (!software.success) throw new Error(`exportEncounter: bad software identity (${software.error.message})`);
  const parsed = encounterSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => {
        const field = issue.path.map(String).join('.');
        return { code: 'ENCOUNTER_INVALID', field, message: `${field || 'encounter'}: ${issue.message}` };
      }),
    };
  }
  const warnings: ExportWarning[] = [];
  const warn: Warn = (code, element, message) => warnings.push({ code, element, message });
  const xml = serialize(documentFor(parsed.data, software.data, warn), {
    xmlns: NEMSIS_NAMESPACE,
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:schemaLocation': NEMSIS_SCHEMA_LOCATION,
  });
  return { ok: true, xml, warnings };
}

function documentFor(e: Encounter, software: ExportOptions['software'], warn: Warn): XmlNode {
  const { eRecord, eResponse, eDispatch, eCrew, eTimes } = headerSections(e, software, warn);
  const { ePatient, ePayment, eScene, eSituation, eInjury, eArrest, eHistory } = patientSections(e, warn);
  const { eNarrative, eVitals, eExam, eProtocols, eMedications, eProcedures, customResults } = clinicalSections(
    e,
    warn,
  );
  const { eDisposition, eOutcome } = dispositionSections(e, warn);
  const report: XmlNode[] = [
    eRecord,
    eResponse,
    eDispatch,
    ...(eCrew ? [eCrew] : []),
    eTimes,
    ePatient,
    ePayment,
    eScene,
    eSituation,
    eInjury,
    eArrest,
    eHistory,
    ...(eNarrative ? [eNarrative] : []),
    eVitals,
    ...(eExam ? [eExam] : []),
    eProtocols,
    eMedications,
    eProcedures,
    eDisposition,
    eOutcome,
    ...(customResults.results.length > 0 ? [{ name: 'eCustomResults', content: customResults.results }] : []),
  ];
  return {
    name: 'EMSDataSet',
    content: [
      {
        name: 'Header',
        content: [
          {
            name: 'DemographicGroup',
            content: [
              { name: 'dAgency.01', content: e.agency.stateId },
              { name: 'dAgency.02', content: e.agency.number },
              { name: 'dAgency.04', content: e.agency.state },
            ],
          },
          ...(customResults.configuration.length > 0
            ? [{ name: 'eCustomConfiguration', content: customResults.configuration }]
            : []),
          { name: 'PatientCareReport', attrs: { UUID: e.reportUuid }, content: report },
        ],
      },
    ],
  };
}
