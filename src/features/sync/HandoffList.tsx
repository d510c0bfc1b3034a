import { useCallback, useEffect, useState } from 'react';
import type { ServerClient } from '../../sync/client';
import { fetchHandoffs, type Handoff, type HandoffList as Loaded } from '../../sync/handoffs';

const STATUS_TEXT: Record<Handoff['status'], string> = {
  queued: 'Waiting to be sent',
  processing: 'The ePCR is processing it',
  sent: 'Sent',
  sent_with_warnings: 'Sent, with warnings',
  needs_correction: 'Needs correction',
  failed: 'Failed after 3 retries',
};

/** Closed calls and how their hand-off to the agency's ePCR went (online only; refreshed every 15 s). */
export function HandoffList({ server, online }: { server: Promise<ServerClient>; online: boolean }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  // fetchHandoffs answers a failure as a value; anything else thrown is shown the same way.
  const refresh = useCallback(() => {
    server
      .then(fetchHandoffs)
      .then(setLoaded)
      .catch((error: unknown) =>
        setLoaded({ ok: false, reason: error instanceof Error ? error.message : String(error) }),
      );
  }, [server]);
  useEffect(() => {
    if (!online) return;
    refresh();
    const timer = setInterval(refresh, 15_000);
    return () => clearInterval(timer);
  }, [online, refresh]);

  if (!online) return <p>Shown when the device is online.</p>;
  if (!loaded) return <p>Asking the server…</p>;
  if (!loaded.ok) return <p className="error">Could not read the hand-off: {loaded.reason}.</p>;
  return (
    <>
      {loaded.rows.length === 0 ? (
        <p>No closed calls yet.</p>
      ) : (
        <ol className="event-list" data-testid="handoffs">
          {loaded.rows.map((h) => (
            <li key={h.id} data-status={h.status}>
              <strong>{h.pcr_number}</strong> · {STATUS_TEXT[h.status]}
              {h.sent_at && ` at ${new Date(h.sent_at).toLocaleTimeString()}`}
              {h.status === 'queued' &&
                h.attempts > 0 &&
                ` (retry ${h.attempts} of 3 at ${h.next_attempt_at ? new Date(h.next_attempt_at).toLocaleTimeString() : '–'})`}
              {(h.last_error || h.warnings) && <div className="handoff-detail">{h.last_error ?? h.warnings}</div>}
            </li>
          ))}
        </ol>
      )}
      <button type="button" className="button" onClick={refresh}>
        Check the hand-off again
      </button>
    </>
  );
}
