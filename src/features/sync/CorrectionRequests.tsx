import { useServices } from '../../app/services';
import { useLiveQuery } from '../../app/use-live-query';
import { useSyncActivity } from '../../app/sync-runner';
import { readCorrectionRequests } from '../../data/correction-requests';

/**
 * What reviewers asked this crew member to correct, readable offline once pulled: the call
 * (when, what was given, which protocols), who asked, and the request in their words.
 */
export function CorrectionRequests({ userId }: { userId: string }) {
  const { db } = useServices();
  const inbox = useLiveQuery(() => readCorrectionRequests(db, userId), [db, userId]);
  const lastPull = useSyncActivity((s) => s.lastCorrectionPull);
  const requests = inbox.value?.requests ?? [];

  return (
    <section aria-labelledby="corrections-title" data-testid="correction-requests">
      <h2 id="corrections-title">Corrections asked for {inbox.value && `(${requests.length})`}</h2>
      {inbox.value === null && <p>None received yet: they come down with protocol updates when you are online.</p>}
      {inbox.value && requests.length === 0 && <p>No call of yours is waiting for a correction.</p>}
      {requests.length > 0 && (
        <ol className="correction-list">
          {requests.map((r) => (
            <li key={r.reviewId} className="notice-box">
              <p>
                <strong>Your call of {new Date(r.startedAt).toLocaleString()}</strong>
                {callSummary(r.medications, r.appliedProtocols)}
              </p>
              <blockquote>{r.request}</blockquote>
              <p className="muted">
                Asked by {r.requestedBy ?? 'a reviewer'} on {new Date(r.requestedAt).toLocaleString()}
                {r.recordsSinceRequest > 0 &&
                  `. ${r.recordsSinceRequest} record(s) of this call have reached the server since.`}
              </p>
            </li>
          ))}
        </ol>
      )}
      {inbox.value && <p className="muted">Checked {new Date(inbox.value.fetchedAt).toLocaleString()}.</p>}
      {lastPull?.status === 'failed' && <p className="error">Correction requests: {lastPull.message}</p>}
    </section>
  );
}

function callSummary(medications: string[], protocols: string[]): string {
  const parts = [
    ...(medications.length > 0 ? [medications.join(', ')] : []),
    ...(protocols.length > 0 ? [`TP ${protocols.join(', ')}`] : []),
  ];
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}
