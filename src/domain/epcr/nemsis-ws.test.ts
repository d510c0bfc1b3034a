import { describe, expect, it } from 'vitest';
import {
  describeStatus,
  elementText,
  handleForgotten,
  outcomeOf,
  readAnswer,
  retrieveStatusRequest,
  submitDataRequest,
} from './nemsis-ws';

const creds = { username: 'rigside', password: 'p<&>"w', organization: 'RS' };

describe('NEMSIS V3 web service messages', () => {
  it('wraps the EMSDataSet in a SubmitData request for schema 61, version 3.5.0, with the credentials escaped', () => {
    const soap = submitDataRequest(
      creds,
      '<?xml version="1.0" encoding="UTF-8"?>\n<EMSDataSet xmlns="http://www.nemsis.org"/>',
    );
    expect(soap).toContain('<ws:password>p&lt;&amp;&gt;&quot;w</ws:password>');
    expect(soap).toContain(
      '<ws:payloadOfXmlElement><EMSDataSet xmlns="http://www.nemsis.org"/></ws:payloadOfXmlElement>',
    );
    expect(soap).toContain('<ws:requestDataSchema>61</ws:requestDataSchema><ws:schemaVersion>3.5.0</ws:schemaVersion>');
    expect(elementText(soap, 'password')).toBe('p<&>"w');
    expect(elementText(retrieveStatusRequest(creds, 'H-1'), 'requestHandle')).toBe('H-1');
  });

  it('reads an answer whatever the namespace prefix, and refuses what is not one', () => {
    expect(
      readAnswer(
        '<S:Envelope><S:Body><ns2:SubmitDataResponse><ns2:requestType>SubmitData</ns2:requestType><ns2:requestHandle>23456789</ns2:requestHandle><ns2:statusCode>1</ns2:statusCode></ns2:SubmitDataResponse></S:Body></S:Envelope>',
      ),
    ).toEqual({ statusCode: 1, requestHandle: '23456789', report: null });
    expect(
      readAnswer(
        '<SubmitDataResponse><statusCode>-12</statusCode><requestHandle/><reports><xmlValidationErrorReport><totalErrorCount>1</totalErrorCount><xmlError><desc>eSituation.11 is missing</desc></xmlError></xmlValidationErrorReport></reports></SubmitDataResponse>',
      ),
    ).toMatchObject({ statusCode: -12, report: '1 eSituation.11 is missing' });
    expect(readAnswer('<html>502 Bad Gateway</html>')).toBeNull();
  });

  it('sends schema, rules, duplicate and credential refusals to a person, and retries server errors and forgotten handles', () => {
    expect([1, 101].map(outcomeOf)).toEqual(['sent', 'sent']);
    expect([2, 3, 4, 5, 6].map(outcomeOf)).toEqual(Array(5).fill('sent_with_warnings'));
    expect([0, 10].map(outcomeOf)).toEqual(['processing', 'processing']);
    expect([-12, -13, -14, -11, -1, -2, -3, -30].map(outcomeOf)).toEqual(Array(8).fill('needs_correction'));
    expect([-20, -21, -22, -40, -43, -150].map(outcomeOf)).toEqual(Array(6).fill('retryable'));
    expect(handleForgotten(-41)).toBe(true);
    expect(describeStatus(-12)).toBe('-12: failed XML (schema) validation');
  });
});
