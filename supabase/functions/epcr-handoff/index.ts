// Supabase Edge Function `epcr-handoff` (Deno): one run of the ePCR hand-off per request. In a
// Supabase project pg_cron calls it every minute through pg_net (migration 20261201000920); the
// local stack's scheduler does the same (supabase/local/handoff-schedule.ts).
//
// Secrets (`supabase secrets set`, never on a device): NEMSIS_WS_URL, NEMSIS_WS_USERNAME,
// NEMSIS_WS_PASSWORD, NEMSIS_WS_ORGANIZATION. SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY are
// the platform's own. A caller must present the service role key.
import { RIGSIDE_SOFTWARE } from '../../../src/domain/nemsis/software';
import type { WsOperation } from '../../../src/domain/epcr/nemsis-ws';
import { soapAction } from '../../../src/domain/epcr/nemsis-ws';
import { runHandoff, type ClaimedRow, type HandoffReport, type SoapResult } from './handoff';

const SOAP_TIMEOUT_MS = 30_000;

// No pooled connections to the receiver: on a pooled connection the receiver closed, Deno's
// fetch sends a POST again by itself (the tests saw it), so a SubmitData could arrive twice.
// A fresh connection per request leaves every retry to the schedule, where it is counted.
const receiverClient =
  typeof Deno.createHttpClient === 'function' ? Deno.createHttpClient({ poolMaxIdlePerHost: 0 }) : undefined;

/** Waits before each in-run RetrieveStatus; EPCR_HANDOFF_POLL_DELAYS_MS ("1000,2000,4000") for the local stack's tests. */
function pollDelays(): number[] {
  const raw = Deno.env.get('EPCR_HANDOFF_POLL_DELAYS_MS');
  const delays = (raw ?? '1000,2000,4000').split(',').map(Number);
  return delays.every((d) => Number.isInteger(d) && d >= 0 && d <= 30_000) ? delays : [1_000, 2_000, 4_000];
}

function secret(name: string): string | null {
  const value = Deno.env.get(name);
  return value && value.trim() !== '' ? value : null;
}

async function rpc(fn: string, args: Record<string, unknown>): Promise<unknown> {
  const url = secret('SUPABASE_URL');
  const key = secret('SUPABASE_SERVICE_ROLE_KEY');
  const response = await fetch(`${url}/rest/v1/rpc/${fn}`, {
    method: 'POST',
    headers: { apikey: key ?? '', Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(args),
    signal: AbortSignal.timeout(15_000),
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new Error(`${fn}: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body;
}

async function soap(endpoint: string, operation: WsOperation, envelope: string): Promise<SoapResult> {
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${soapAction(operation)}"` },
      body: envelope,
      signal: AbortSignal.timeout(SOAP_TIMEOUT_MS),
      ...(receiverClient ? { client: receiverClient } : {}),
    });
    const text = await response.text();
    // A SOAP fault comes with HTTP 500 and no status code: readAnswer tells; anything else is the transport's.
    if (!response.ok && !/statusCode/.test(text)) return { ok: false, reason: `HTTP ${response.status}` };
    return { ok: true, text };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

async function handle(request: Request): Promise<Response> {
  const serviceKey = secret('SUPABASE_SERVICE_ROLE_KEY');
  if (!serviceKey || request.headers.get('Authorization') !== `Bearer ${serviceKey}`) {
    return Response.json(
      { code: 'UNAUTHORIZED', message: 'the hand-off runs for the service role only' },
      { status: 401 },
    );
  }
  const endpoint = secret('NEMSIS_WS_URL');
  const username = secret('NEMSIS_WS_USERNAME');
  const password = secret('NEMSIS_WS_PASSWORD');
  const organization = secret('NEMSIS_WS_ORGANIZATION');
  if (!secret('SUPABASE_URL') || !endpoint || !username || !password || !organization) {
    // Nothing is claimed without somewhere to send it.
    return Response.json(
      {
        code: 'NOT_CONFIGURED',
        message: 'set NEMSIS_WS_URL, NEMSIS_WS_USERNAME, NEMSIS_WS_PASSWORD and NEMSIS_WS_ORGANIZATION',
      },
      { status: 503 },
    );
  }
  const limit = Math.min(Math.max(Number(new URL(request.url).searchParams.get('limit') ?? 10) || 10, 1), 50);
  try {
    const run = await runHandoff(
      {
        claim: async (n) => (await rpc('claim_epcr_submissions', { p_limit: n })) as ClaimedRow[],
        report: async (r: HandoffReport) => {
          await rpc('report_epcr_submission', {
            p_id: r.id,
            p_claim_token: r.claimToken,
            p_outcome: r.outcome,
            p_status_code: r.statusCode,
            p_message: r.message,
            p_request_handle: r.requestHandle,
          });
        },
        soap: (operation, envelope) => soap(endpoint, operation, envelope),
        sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
        credentials: { username, password, organization },
        software: RIGSIDE_SOFTWARE,
        pollDelaysMs: pollDelays(),
      },
      limit,
    );
    return Response.json(run);
  } catch (error) {
    return Response.json(
      { code: 'HANDOFF_FAILED', message: error instanceof Error ? error.message : String(error) },
      { status: 500 },
    );
  }
}

// Locally (supabase/local/functions.ts) the port is given; on Supabase the platform serves it.
const localPort = Deno.env.get('EPCR_HANDOFF_PORT');
if (localPort) Deno.serve({ port: Number(localPort), hostname: '127.0.0.1' }, handle);
else Deno.serve(handle);
