/**
 * The NEMSIS V3 web service (NEMSIS_V3_core.wsdl, SOAP 1.1, document/literal): the requests the
 * ePCR hand-off sends (SubmitData, RetrieveStatus, QueryLimit), reading the answers, and what each
 * status code means for the hand-off. Pure string work, shared by the Edge Function (Deno) that
 * submits and the local receiver (Node) that stands in for a state or vendor repository.
 */
export const NEMSIS_WS_NAMESPACE = 'http://ws.nemsis.org/';
export const SOAP_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';
/** requestDataSchema 61 with schemaVersion 3.5.0 is an EMSDataSet document of NEMSIS 3.5.0. */
export const EMS_DATASET_SCHEMA = 61;

export type WsOperation = 'SubmitData' | 'RetrieveStatus' | 'QueryLimit';

export interface WsCredentials {
  username: string;
  password: string;
  organization: string;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function envelope(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenv="${SOAP_NAMESPACE}" xmlns:ws="${NEMSIS_WS_NAMESPACE}"><soapenv:Header/><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
}

function privileges(c: WsCredentials): string {
  return `<ws:username>${escapeXml(c.username)}</ws:username><ws:password>${escapeXml(c.password)}</ws:password><ws:organization>${escapeXml(c.organization)}</ws:organization>`;
}

/** SubmitData with the EMSDataSet document as the payload element (its XML declaration dropped). */
export function submitDataRequest(c: WsCredentials, emsDataSetXml: string): string {
  const payload = emsDataSetXml.replace(/^<\?xml[^>]*\?>\s*/, '');
  return envelope(
    `<ws:SubmitDataRequest>${privileges(c)}<ws:requestType>SubmitData</ws:requestType><ws:submitPayload><ws:payloadOfXmlElement>${payload}</ws:payloadOfXmlElement></ws:submitPayload><ws:requestDataSchema>${EMS_DATASET_SCHEMA}</ws:requestDataSchema><ws:schemaVersion>3.5.0</ws:schemaVersion><ws:additionalInfo></ws:additionalInfo></ws:SubmitDataRequest>`,
  );
}

export function retrieveStatusRequest(c: WsCredentials, requestHandle: string): string {
  return envelope(
    `<ws:RetrieveStatusRequest>${privileges(c)}<ws:requestType>RetrieveStatus</ws:requestType><ws:requestHandle>${escapeXml(requestHandle)}</ws:requestHandle><ws:originalRequestType>SubmitData</ws:originalRequestType><ws:additionalInfo></ws:additionalInfo></ws:RetrieveStatusRequest>`,
  );
}

export function queryLimitRequest(c: WsCredentials): string {
  return envelope(
    `<ws:QueryLimitRequest>${privileges(c)}<ws:requestType>QueryLimit</ws:requestType></ws:QueryLimitRequest>`,
  );
}

/** The SOAPAction header of an operation, as the WSDL's binding declares it. */
export function soapAction(operation: WsOperation): string {
  return `${NEMSIS_WS_NAMESPACE.replace(/\/$/, '')}/${operation}`;
}

/** The text of the first element with this local name, whatever its namespace prefix. */
export function elementText(xml: string, localName: string): string | null {
  const match = new RegExp(
    `<(?:[A-Za-z_][\\w.-]*:)?${localName}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[A-Za-z_][\\w.-]*:)?${localName}>`,
  ).exec(xml);
  return match ? unescapeXml(match[1] ?? '') : null;
}

export function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

export interface WsAnswer {
  statusCode: number;
  requestHandle: string | null;
  /** What the receiver reported (XML errors, Schematron messages), flattened to text. */
  report: string | null;
}

/** Reads a SubmitData or RetrieveStatus answer; null when it is not one (a fault, an HTML page, nothing). */
export function readAnswer(xml: string): WsAnswer | null {
  const code = elementText(xml, 'statusCode');
  if (code === null || !/^\s*-?\d+\s*$/.test(code)) return null;
  const reports = elementText(xml, 'reports') ?? elementText(xml, 'retrieveResult');
  return {
    statusCode: Number(code),
    requestHandle: elementText(xml, 'requestHandle')?.trim() || null,
    report: reports
      ? reports
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim() || null
      : null,
  };
}

export type HandoffOutcome = 'sent' | 'sent_with_warnings' | 'processing' | 'needs_correction' | 'retryable';

/**
 * What a status code means for the hand-off (codes from the WSDL). A refusal the same document
 * would meet again (the schema, the rules, a duplicate, the credentials or permissions, a bad
 * parameter, too large) needs a person; a server error or an unknown handle is worth a retry.
 */
export function outcomeOf(statusCode: number): HandoffOutcome {
  if (statusCode === 1 || statusCode > 100) return 'sent';
  if (statusCode >= 2 && statusCode <= 6) return 'sent_with_warnings';
  if (statusCode === 0 || statusCode === 10) return 'processing';
  if ([-1, -2, -3, -4, -5, -11, -12, -13, -14, -15, -16, -30].includes(statusCode)) return 'needs_correction';
  return 'retryable';
}

const MEANINGS: Record<number, string> = {
  1: 'imported',
  2: 'imported, with [ERROR] level Schematron rule violations reported',
  3: 'imported, with [WARNING] level Schematron rule violations reported',
  4: 'imported, with an ETL rule warning',
  5: 'imported, with a Business Intelligence warning',
  6: 'partly imported, with [ERROR] level Schematron rule violations reported',
  10: 'passed validation, processing not complete',
  0: 'processing not complete',
  [-1]: 'invalid username or password',
  [-2]: 'permission denied for the operation',
  [-3]: 'permission denied for the organization',
  [-4]: 'invalid parameter value',
  [-5]: 'invalid parameter combination',
  [-11]: 'the same file is already on the server (duplicate)',
  [-12]: 'failed XML (schema) validation',
  [-13]: 'failed a [FATAL] level Schematron rule',
  [-14]: 'failed an [ERROR] level Schematron rule',
  [-15]: 'failed a critical ETL rule',
  [-16]: 'failed a critical Business Intelligence rule',
  [-20]: 'generic server error',
  [-21]: 'server database error',
  [-22]: 'server file system, network or IO error',
  [-30]: 'the SOAP message is over the size limit',
  [-40]: 'status for the request handle is not available',
  [-41]: 'status for the request handle has expired',
  [-42]: 'invalid request handle',
  [-43]: 'request handle never used',
};

/** The code and what it means, for a person reading why a hand-off stopped. */
export function describeStatus(statusCode: number): string {
  return `${statusCode}: ${MEANINGS[statusCode] ?? (statusCode < -100 ? 'receiver-specific error' : 'unknown status')}`;
}

/** RetrieveStatus codes saying the receiver no longer knows the handle: submit afresh. */
export function handleForgotten(statusCode: number): boolean {
  return statusCode <= -40 && statusCode >= -43;
}
