// @vitest-environment node
// The local NEMSIS receiver answers as the WSDL says: credentials checked, each document
// validated against NEMSIS's XSD (../shared), duplicates refused, QueryLimit and unknown handles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  queryLimitRequest,
  readAnswer,
  retrieveStatusRequest,
  soapAction,
  submitDataRequest,
} from '../../src/domain/epcr/nemsis-ws';
import { exportEncounter } from '../../src/domain/nemsis/export';
import { startNemsisReceiver, type NemsisReceiver } from '../../supabase/local/nemsis/receiver';
import { loadNemsisValidator, nemsisSchemaAvailable, type NemsisValidator } from '../../supabase/local/nemsis/xsd';
import { exampleEncounters } from '../nemsis/examples';

const creds = { username: 'u', password: 'p', organization: 'o' };
let receiver: NemsisReceiver;
let xsd: NemsisValidator | undefined;

beforeAll(async () => {
  xsd = nemsisSchemaAvailable() ? loadNemsisValidator() : undefined;
  receiver = await startNemsisReceiver({
    credentials: creds,
    ...(xsd ? { validate: (x: string) => xsd!.validate(x) } : {}),
  });
});
afterAll(async () => {
  await receiver.close();
  xsd?.dispose();
});

async function post(operation: 'SubmitData' | 'RetrieveStatus' | 'QueryLimit', body: string) {
  const response = await fetch(receiver.url, {
    method: 'POST',
    headers: { 'Content-Type': 'text/xml', SOAPAction: soapAction(operation) },
    body,
  });
  return { http: response.status, text: await response.text() };
}

const xml = () => {
  const r = exportEncounter(exampleEncounters()[0]!.encounter, { software: { creator: 'R', name: 'R', version: '1' } });
  if (!r.ok) throw new Error('example did not export');
  return r.xml;
};

describe('the local NEMSIS receiver', () => {
  it('refuses wrong credentials with -1', async () => {
    const { text } = await post('SubmitData', submitDataRequest({ ...creds, password: 'wrong' }, xml()));
    expect(readAnswer(text)?.statusCode).toBe(-1);
  });

  it('accepts a valid document once, then refuses the same report as a duplicate (-11)', async () => {
    const first = readAnswer((await post('SubmitData', submitDataRequest(creds, xml()))).text);
    const second = readAnswer((await post('SubmitData', submitDataRequest(creds, xml()))).text);
    expect(first).toMatchObject({ statusCode: 1, requestHandle: expect.stringMatching(/^\d+$/) });
    expect(second?.statusCode).toBe(-11);
  });

  it.skipIf(!nemsisSchemaAvailable())(
    'refuses a document the NEMSIS schema refuses with -12 and the schema’s words',
    async () => {
      const broken = xml().replace(/<eDispatch>[\s\S]*?<\/eDispatch>/, '');
      const answer = readAnswer((await post('SubmitData', submitDataRequest(creds, broken))).text);
      expect(answer?.statusCode).toBe(-12);
      expect(answer?.report).toMatch(/eDispatch/);
    },
  );

  it('answers QueryLimit with its limit and an unknown handle with -43', async () => {
    expect((await post('QueryLimit', queryLimitRequest(creds))).text).toMatch(
      /<limit>10485760<\/limit><statusCode>51<\/statusCode>/,
    );
    expect(readAnswer((await post('RetrieveStatus', retrieveStatusRequest(creds, 'nope'))).text)?.statusCode).toBe(-43);
  });
});
