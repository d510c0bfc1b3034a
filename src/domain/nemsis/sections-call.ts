import {
  CREW_LEVEL,
  CREW_ROLE,
  DISPATCH_REASON,
  NV,
  RESPONSE_MODE,
  SERVICE_TYPE,
  TRANSPORT_DISPOSITION,
  UNIT_CAPABILITY,
  UNIT_DISPOSITION,
} from './codes';
import type { Encounter } from './encounter';
import type { Warn } from './sections';
import { el, nil, valueOrNil, type XmlNode } from './xml';

/** The sections about the call rather than the patient: record, response, dispatch, crew, times; disposition and outcome. */

/** NEMSIS wants an explicit offset ("+00:00"), never "Z". */
export function nemsisDateTime(iso: string): string {
  return iso.replace(/Z$/i, '+00:00');
}

export function patientContactMade(e: Encounter): boolean {
  return e.disposition.unit === 'patient_contact';
}

export function headerSections(e: Encounter, software: { creator: string; name: string; version: string }, warn: Warn) {
  const eRecord = el('eRecord', [
    el('eRecord.01', e.pcrNumber),
    el('eRecord.SoftwareApplicationGroup', [
      el('eRecord.02', software.creator),
      el('eRecord.03', software.name),
      el('eRecord.04', software.version),
    ]),
  ]);

  const eResponse = el('eResponse', [
    el('eResponse.AgencyGroup', [el('eResponse.01', e.agency.number)]),
    valueOrNil('eResponse.03', e.response.incidentNumber, NV.notRecorded),
    valueOrNil('eResponse.04', e.response.responseNumber, NV.notRecorded),
    el('eResponse.ServiceGroup', [el('eResponse.05', SERVICE_TYPE[e.response.serviceType])]),
    el('eResponse.07', UNIT_CAPABILITY[e.unit.capability]),
    // Delays (dispatch, response, scene, transport, turn-around): Rigside does not ask.
    ...['08', '09', '10', '11', '12'].map((n) => nil(`eResponse.${n}`, NV.notRecorded)),
    el('eResponse.13', e.unit.vehicleNumber),
    el('eResponse.14', e.unit.callSign),
    el('eResponse.23', RESPONSE_MODE[e.response.mode]),
    nil('eResponse.24', NV.notRecorded),
  ]);
  if (!e.response.incidentNumber)
    warn(
      'COUNTY_REQUIRED_MISSING',
      'eResponse.03',
      'No incident number: the County requires the dispatch incident number.',
    );

  const eDispatch = el('eDispatch', [
    el('eDispatch.01', DISPATCH_REASON[e.dispatchReason]),
    nil('eDispatch.02', NV.notRecorded),
  ]);

  let eCrew: XmlNode | null = null;
  if (e.crew.length === 0) {
    warn('COUNTY_REQUIRED_MISSING', 'eCrew.01', 'No crew member: the County requires each crew member’s ID and level.');
  } else {
    eCrew = el(
      'eCrew',
      e.crew.map((c) =>
        el('eCrew.CrewGroup', [
          el('eCrew.01', c.id),
          el('eCrew.02', CREW_LEVEL[c.level].crew),
          ...(c.role ? [el('eCrew.03', CREW_ROLE[c.role])] : []),
        ]),
      ),
    );
  }

  const t = e.times;
  const time = (n: string, value: string | undefined) =>
    valueOrNil(`eTimes.${n}`, value === undefined ? undefined : nemsisDateTime(value), NV.notRecorded);
  const eTimes = el('eTimes', [
    time('01', t.psapCall),
    el('eTimes.03', nemsisDateTime(t.dispatched)),
    time('05', t.enRoute),
    time('06', t.onScene),
    time('07', t.patientContact),
    time('09', t.leftScene),
    time('11', t.atDestination),
    time('12', t.transferOfCare),
    el('eTimes.13', nemsisDateTime(t.inService)),
  ]);
  if (patientContactMade(e) && !t.patientContact)
    warn('COUNTY_REQUIRED_MISSING', 'eTimes.07', 'No time of patient contact.');
  return { eRecord, eResponse, eDispatch, eCrew, eTimes };
}

export function dispositionSections(e: Encounter, warn: Warn) {
  const contact = patientContactMade(e);
  const transport = e.disposition.transport;
  const na = NV.notApplicable;
  const nr = NV.notRecorded;
  if (contact && !transport)
    warn('COUNTY_REQUIRED_MISSING', 'eDisposition.30', 'Patient contact made but no transport disposition.');
  const transported = transport === 'this_unit' || transport === 'another_unit';
  if (transport === 'this_unit') {
    warn(
      'COUNTY_REQUIRED_MISSING',
      'eDisposition.01',
      'Transported by this unit: the County requires the destination’s name and code, which Rigside does not record.',
    );
  }
  const eDisposition = el('eDisposition', [
    el('eDisposition.DestinationGroup', [
      nil('eDisposition.05', transported ? nr : na),
      nil('eDisposition.06', transported ? nr : na),
      nil('eDisposition.07', transported ? nr : na),
    ]),
    el('eDisposition.IncidentDispositionGroup', [
      el('eDisposition.27', UNIT_DISPOSITION[e.disposition.unit]),
      nil('eDisposition.28', contact ? nr : na),
      nil('eDisposition.29', contact ? nr : na),
      valueOrNil('eDisposition.30', transport ? TRANSPORT_DISPOSITION[transport] : undefined, contact ? nr : na),
    ]),
    ...['16', '17', '18', '19', '20', '21', '22', '23'].map((n) => nil(`eDisposition.${n}`, transported ? nr : na)),
    el('eDisposition.HospitalTeamActivationGroup', [
      nil('eDisposition.24', transported ? nr : na),
      nil('eDisposition.25', transported ? nr : na),
    ]),
    nil('eDisposition.32', contact ? nr : na),
  ]);

  // Hospital outcome is linked later by the hospital or the state, never by the crew.
  const eOutcome = el('eOutcome', [
    nil('eOutcome.01', na),
    nil('eOutcome.02', na),
    el('eOutcome.EmergencyDepartmentProceduresGroup', [nil('eOutcome.09', na), nil('eOutcome.19', na)]),
    nil('eOutcome.10', na),
    nil('eOutcome.11', na),
    el('eOutcome.HospitalProceduresGroup', [nil('eOutcome.12', na), nil('eOutcome.20', na)]),
    nil('eOutcome.13', na),
    nil('eOutcome.16', na),
    nil('eOutcome.18', na),
  ]);
  return { eDisposition, eOutcome };
}
