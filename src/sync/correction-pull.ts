import { z } from 'zod';
import type { RigsideDb } from '../data/db';
import { saveCorrectionRequests, type CorrectionRequest } from '../data/correction-requests';
import type { TransportResult } from '../domain/sync/classify';

/**
 * The crew member's correction requests come down with the reference data (at sign-in, start,
 * `online` and "Check for protocol updates"): `my_correction_requests` answers the whole list,
 * which replaces what the device kept. A failed pull keeps the old list readable offline.
 */
const wireSchema = z.array(
  z.object({
    id: z.string().uuid(),
    started_at: z.string(),
    last_record_at: z.string(),
    request: z.string().min(1),
    requested_at: z.string(),
    requested_by: z.string().nullable(),
    medications: z.array(z.string()),
    applied_protocols: z.array(z.string()),
    doses: z.number().int().min(0),
    narratives: z.number().int().min(0),
    records_since_request: z.number().int().min(0),
  }),
);

export type CorrectionPullReport = { status: 'updated'; count: number } | { status: 'failed'; message: string };

export async function pullCorrectionRequests(deps: {
  db: RigsideDb;
  userId: string;
  fetchRequests(): Promise<TransportResult>;
  now?: () => Date;
}): Promise<CorrectionPullReport> {
  const result = await deps.fetchRequests();
  if (result.kind !== 'response')
    return {
      status: 'failed',
      message: result.kind === 'timeout' ? 'the server did not answer in time' : 'no connection to the server',
    };
  if (result.status !== 200)
    return { status: 'failed', message: `the server refused the request (HTTP ${result.status})` };
  const parsed = wireSchema.safeParse(result.body);
  if (!parsed.success) return { status: 'failed', message: 'the server’s answer is not a list of correction requests' };
  const requests: CorrectionRequest[] = parsed.data.map((r) => ({
    reviewId: r.id,
    startedAt: r.started_at,
    lastRecordAt: r.last_record_at,
    request: r.request,
    requestedAt: r.requested_at,
    requestedBy: r.requested_by,
    medications: r.medications,
    appliedProtocols: r.applied_protocols,
    doses: r.doses,
    narratives: r.narratives,
    recordsSinceRequest: r.records_since_request,
  }));
  await saveCorrectionRequests(deps.db, deps.userId, requests, (deps.now ?? (() => new Date()))());
  return { status: 'updated', count: requests.length };
}
