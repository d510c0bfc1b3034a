// The ePCR hand-off run, without the platform: claim the due closed calls, build each one's
// NEMSIS 3.5.0 document (the same exportEncounter the device uses), submit it with SubmitData,
// ask RetrieveStatus while the receiver is still processing, and report each answer. Every
// adapter is passed in (index.ts gives Deno's fetch and the function's secrets), so the tests
// run it in Node too.
import { exportEncounter } from '../../../src/domain/nemsis/export';
import {
  describeStatus,
  handleForgotten,
  outcomeOf,
  readAnswer,
  retrieveStatusRequest,
  submitDataRequest,
  type HandoffOutcome,
  type WsAnswer,
  type WsCredentials,
  type WsOperation,
} from '../../../src/domain/epcr/nemsis-ws';

export interface ClaimedRow {
  id: string;
  claim_token: string;
  report_uuid: string;
  encounter: unknown;
  request_handle: string | null;
  attempts: number;
}

export interface HandoffReport {
  id: string;
  claimToken: string;
  outcome: HandoffOutcome;
  statusCode: number | null;
  message: string | null;
  /** processing: the handle to ask with; retryable: '' when the receiver forgot it, null to keep the last one. */
  requestHandle: string | null;
}

export type SoapResult = { ok: true; text: string } | { ok: false; reason: string };

export interface HandoffDeps {
  claim(limit: number): Promise<ClaimedRow[]>;
  report(report: HandoffReport): Promise<void>;
  soap(operation: WsOperation, envelope: string): Promise<SoapResult>;
  sleep(ms: number): Promise<void>;
  credentials: WsCredentials;
  software: { creator: string; name: string; version: string };
  /** Waits before each RetrieveStatus within one run; still processing after them, the next run asks. */
  pollDelaysMs: number[];
}

export interface HandoffRun {
  claimed: number;
  results: Array<{ id: string; outcome: HandoffOutcome; statusCode: number | null }>;
}

export async function runHandoff(deps: HandoffDeps, limit = 10): Promise<HandoffRun> {
  const rows = await deps.claim(limit);
  const results: HandoffRun['results'] = [];
  for (const row of rows) {
    const report = await handOff(deps, row);
    await deps.report(report);
    results.push({ id: row.id, outcome: report.outcome, statusCode: report.statusCode });
  }
  return { claimed: rows.length, results };
}

async function handOff(deps: HandoffDeps, row: ClaimedRow): Promise<HandoffReport> {
  const base = { id: row.id, claimToken: row.claim_token };
  const transport = (reason: string, keepHandle: boolean): HandoffReport => ({
    ...base,
    outcome: 'retryable',
    statusCode: null,
    message: reason,
    requestHandle: keepHandle ? null : '',
  });

  let answer: WsAnswer;
  if (row.request_handle) {
    answer = { statusCode: 10, requestHandle: row.request_handle, report: null };
  } else {
    const exported = exportEncounter(row.encounter, { software: deps.software });
    if (!exported.ok) {
      return {
        ...base,
        outcome: 'needs_correction',
        statusCode: null,
        requestHandle: null,
        message:
          `The closed call does not make a NEMSIS document: ${exported.errors.map((e) => e.message).join('; ')}`.slice(
            0,
            2000,
          ),
      };
    }
    const sent = await deps.soap('SubmitData', submitDataRequest(deps.credentials, exported.xml));
    if (!sent.ok) return transport(`SubmitData: ${sent.reason}`, false);
    const read = readAnswer(sent.text);
    if (!read) return transport('SubmitData: the receiver’s answer has no status code', false);
    answer = read;
  }

  // "Still processing": ask again with the handle, a few times in this run.
  for (
    let poll = 0;
    outcomeOf(answer.statusCode) === 'processing' && answer.requestHandle && poll < deps.pollDelaysMs.length;
    poll++
  ) {
    await deps.sleep(deps.pollDelaysMs[poll] ?? 0);
    const asked = await deps.soap('RetrieveStatus', retrieveStatusRequest(deps.credentials, answer.requestHandle));
    if (!asked.ok)
      return { ...transport(`RetrieveStatus: ${asked.reason}`, true), requestHandle: answer.requestHandle };
    const read = readAnswer(asked.text);
    if (!read)
      return {
        ...transport('RetrieveStatus: the receiver’s answer has no status code', true),
        requestHandle: answer.requestHandle,
      };
    if (handleForgotten(read.statusCode)) {
      return {
        ...base,
        outcome: 'retryable',
        statusCode: read.statusCode,
        message: describeStatus(read.statusCode),
        requestHandle: '',
      };
    }
    answer = { ...read, requestHandle: read.requestHandle ?? answer.requestHandle };
  }

  const outcome = outcomeOf(answer.statusCode);
  const message = [describeStatus(answer.statusCode), answer.report].filter(Boolean).join(' · ');
  return {
    ...base,
    outcome,
    statusCode: answer.statusCode,
    message: outcome === 'sent' ? null : message,
    requestHandle: outcome === 'processing' ? answer.requestHandle : null,
  };
}
