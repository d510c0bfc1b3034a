import { z } from 'zod';
import type { ServerClient } from './client';

/** The ePCR hand-off of the crew member's closed calls, as list_epcr_submissions reports it. */
export const handoffSchema = z.object({
  id: z.string().uuid(),
  pcr_number: z.string(),
  status: z.enum(['queued', 'processing', 'sent', 'sent_with_warnings', 'needs_correction', 'failed']),
  attempts: z.number().int(),
  next_attempt_at: z.string().nullable(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  warnings: z.string().nullable(),
  closed_at: z.string(),
  sent_at: z.string().nullable(),
});
export type Handoff = z.infer<typeof handoffSchema>;

export type HandoffList = { ok: true; rows: Handoff[] } | { ok: false; reason: string };

export async function fetchHandoffs(server: ServerClient): Promise<HandoffList> {
  const result = await server.listHandoffs();
  if (result.kind !== 'response')
    return {
      ok: false,
      reason: result.kind === 'timeout' ? 'the server did not answer in time' : 'no connection to the server',
    };
  if (result.status !== 200) return { ok: false, reason: `the server answered ${result.status}` };
  const parsed = z.array(handoffSchema).safeParse(result.body);
  return parsed.success
    ? { ok: true, rows: parsed.data }
    : { ok: false, reason: 'the server’s answer did not read as a list of hand-offs' };
}
