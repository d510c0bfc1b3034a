// A local NEMSIS V3 receiver: what a state repository or an ePCR vendor (ImageTrend among them)
// runs, enough of it for the hand-off to be tested end to end without the internet. It speaks
// the WSDL's SOAP 1.1 (SubmitData, RetrieveStatus, QueryLimit), checks the credentials, validates
// every EMSDataSet against NEMSIS's XSD when ../shared has it, refuses a report it already holds
// (same PatientCareReport UUID), and can be told how to answer the next requests, to fail in each
// of the ways the hand-off must handle: a status code, "still processing" for some polls, an
// HTTP 500, a dropped connection. A stand-in, and it says so: it keeps what it accepts in memory.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  describeStatus,
  elementText,
  SOAP_NAMESPACE,
  NEMSIS_WS_NAMESPACE,
  type WsCredentials,
} from '../../../src/domain/epcr/nemsis-ws';

/** How to answer one request, instead of the usual. */
export type ScriptedAnswer =
  /** Answer with this status code; 0 or 10 start "still processing" for `polls` RetrieveStatus calls (default 1). */
  | { statusCode: number; polls?: number }
  /** Fail below SOAP: an HTTP 500, or close the connection without a word. */
  | { transport: 'http500' | 'drop' };

export interface ReceivedReport {
  reportUuid: string;
  pcrNumber: string | null;
  statusCode: number;
  receivedAt: string;
}

export interface ReceiverLogEntry {
  operation: string;
  statusCode: number | null;
  at: string;
}

export interface NemsisReceiver {
  url: string;
  port: number;
  /** Answers for the next SubmitData/RetrieveStatus requests, in order; then back to the usual. */
  script(answers: ScriptedAnswer[]): void;
  /** Reports it holds (accepted, or accepted with warnings). */
  reports(): ReceivedReport[];
  log(): ReceiverLogEntry[];
  close(): Promise<void>;
}

export interface ReceiverOptions {
  port?: number;
  credentials: WsCredentials;
  /** The schema's complaints about a document (supabase/local/nemsis/xsd.ts); none: no XSD check. */
  validate?: (xml: string) => string[];
}

interface Pending {
  pollsLeft: number;
  finalCode: number;
  report: ReceivedReport | null;
}

export async function startNemsisReceiver(options: ReceiverOptions): Promise<NemsisReceiver> {
  const scripted: ScriptedAnswer[] = [];
  const held = new Map<string, ReceivedReport>();
  const pending = new Map<string, Pending>();
  const log: ReceiverLogEntry[] = [];
  let nextHandle = 1000;

  const respond = (
    res: ServerResponse,
    operation: string,
    statusCode: number,
    extra = '',
    handle: string | null = null,
  ) => {
    log.push({ operation, statusCode, at: new Date().toISOString() });
    const body = `<?xml version="1.0" encoding="UTF-8"?><S:Envelope xmlns:S="${SOAP_NAMESPACE}"><S:Body><${operation}Response xmlns="${NEMSIS_WS_NAMESPACE}"><requestType>${operation}</requestType>${
      operation === 'QueryLimit' ? '' : `<requestHandle>${handle ?? ''}</requestHandle>`
    }<statusCode>${statusCode}</statusCode>${extra}</${operation}Response></S:Body></S:Envelope>`;
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(body);
  };
  const reportXml = (errors: string[], warnings: string[] = []) =>
    `<reports><xmlValidationErrorReport><totalErrorCount>${errors.length}</totalErrorCount>${errors
      .slice(0, 20)
      .map(
        (e) =>
          `<xmlError><desc>${escape(e)}</desc><xmlGeneralErrorList><errorMessage>${escape(e)}</errorMessage></xmlGeneralErrorList></xmlError>`,
      )
      .join(
        '',
      )}</xmlValidationErrorReport>${warnings.length ? `<customReport><reportType>warnings</reportType></customReport><schematronReport/>` : ''}</reports>${
      warnings.length ? `<!-- ${warnings.join('; ')} -->` : ''
    }`;

  function submitData(xml: string, res: ServerResponse, answer: ScriptedAnswer | undefined) {
    const payload =
      /<(?:[\w.-]+:)?payloadOfXmlElement>([\s\S]*)<\/(?:[\w.-]+:)?payloadOfXmlElement>/.exec(xml)?.[1]?.trim() ?? '';
    const errors =
      payload === '' ? ['the SubmitData request has no payloadOfXmlElement'] : (options.validate?.(payload) ?? []);
    if (errors.length > 0) return respond(res, 'SubmitData', -12, reportXml(errors));
    const reportUuid = /<PatientCareReport\b[^>]*\bUUID="([^"]+)"/.exec(payload)?.[1] ?? '';
    const pcrNumber = elementText(payload, 'eRecord.01');
    if (held.has(reportUuid))
      return respond(res, 'SubmitData', -11, reportXml([`a report with UUID ${reportUuid} is already here`]));
    const code = answer && 'statusCode' in answer ? answer.statusCode : 1;
    const handle = String(nextHandle++);
    const report = { reportUuid, pcrNumber, statusCode: code, receivedAt: new Date().toISOString() };
    if (code === 0 || code === 10) {
      pending.set(handle, {
        pollsLeft: answer && 'polls' in answer && answer.polls !== undefined ? answer.polls : 1,
        finalCode: 1,
        report,
      });
      return respond(res, 'SubmitData', code, '', handle);
    }
    if (code >= 1 && code <= 6) held.set(reportUuid, { ...report, statusCode: code });
    const detail =
      code >= 2 && code <= 6
        ? ['[WARNING] Incident ZIP Code should be recorded (local receiver)']
        : code < 0
          ? [describeStatus(code)]
          : [];
    respond(
      res,
      'SubmitData',
      code,
      code === 1 ? reportXml([]) : reportXml(code < 0 ? detail : [], code > 1 ? detail : []),
      handle,
    );
  }

  function retrieveStatus(xml: string, res: ServerResponse, answer: ScriptedAnswer | undefined) {
    const handle = elementText(xml, 'requestHandle')?.trim() ?? '';
    if (answer && 'statusCode' in answer) return respond(res, 'RetrieveStatus', answer.statusCode, '', handle);
    const job = pending.get(handle);
    if (!job) return respond(res, 'RetrieveStatus', -43, '', handle);
    if (job.pollsLeft > 0) {
      job.pollsLeft--;
      return respond(res, 'RetrieveStatus', 0, '', handle);
    }
    pending.delete(handle);
    if (job.report) held.set(job.report.reportUuid, { ...job.report, statusCode: job.finalCode });
    respond(
      res,
      'RetrieveStatus',
      job.finalCode,
      `<retrieveResult><retrieveSubmitStatus>${reportXml([])}</retrieveSubmitStatus></retrieveResult>`
        .replace('<reports>', '')
        .replace('</reports>', ''),
      handle,
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    if (req.method !== 'POST') return res.writeHead(405).end();
    const operation = elementText(body, 'requestType')?.trim() ?? '';
    if (!['SubmitData', 'RetrieveStatus', 'QueryLimit'].includes(operation)) {
      res
        .writeHead(500, { 'content-type': 'text/xml' })
        .end(
          `<S:Envelope xmlns:S="${SOAP_NAMESPACE}"><S:Body><S:Fault><faultcode>S:Client</faultcode><faultstring>unknown requestType</faultstring></S:Fault></S:Body></S:Envelope>`,
        );
      return;
    }
    const answer = operation === 'QueryLimit' ? undefined : scripted.shift();
    if (answer && 'transport' in answer) {
      log.push({ operation, statusCode: null, at: new Date().toISOString() });
      if (answer.transport === 'drop') return req.socket.destroy();
      return res.writeHead(500, { 'content-type': 'text/plain' }).end('receiver failure (scripted)');
    }
    const c = options.credentials;
    if (
      elementText(body, 'username') !== c.username ||
      elementText(body, 'password') !== c.password ||
      elementText(body, 'organization') !== c.organization
    ) {
      return respond(
        res,
        operation,
        operation === 'QueryLimit' ? -51 : -1,
        operation === 'QueryLimit' ? '<limit>-1</limit>' : '',
      );
    }
    if (answer && 'statusCode' in answer && answer.statusCode < 0 && operation === 'SubmitData') {
      return respond(
        res,
        'SubmitData',
        answer.statusCode,
        reportXml([describeStatus(answer.statusCode)]),
        String(nextHandle++),
      );
    }
    if (operation === 'SubmitData') return submitData(body, res, answer);
    if (operation === 'RetrieveStatus') return retrieveStatus(body, res, answer);
    log.push({ operation, statusCode: 51, at: new Date().toISOString() });
    res
      .writeHead(200, { 'content-type': 'text/xml; charset=utf-8' })
      .end(
        `<S:Envelope xmlns:S="${SOAP_NAMESPACE}"><S:Body><QueryLimitResponse xmlns="${NEMSIS_WS_NAMESPACE}"><requestType>QueryLimit</requestType><limit>10485760</limit><statusCode>51</statusCode></QueryLimitResponse></S:Body></S:Envelope>`,
      );
  }

  // Test control over HTTP, for a receiver running inside the local stack: script answers, read what it holds.
  async function control(req: IncomingMessage, res: ServerResponse) {
    if (req.method === 'POST' && req.url === '/control/script') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      scripted.push(...(JSON.parse(Buffer.concat(chunks).toString('utf8')) as ScriptedAnswer[]));
      return res.writeHead(204).end();
    }
    if (req.method === 'GET' && req.url === '/control/reports')
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([...held.values()]));
    if (req.method === 'GET' && req.url === '/control/log')
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(log));
    res.writeHead(404).end();
  }

  const server: Server = createServer((req, res) => {
    const work = req.url?.startsWith('/control/') ? control(req, res) : handle(req, res);
    work.catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/nemsis`,
    port,
    script: (answers) => void scripted.push(...answers),
    reports: () => [...held.values()],
    log: () => [...log],
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
