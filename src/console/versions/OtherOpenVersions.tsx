import { useEffect, useState } from 'react';
import type { ReferenceKind } from '../../domain/versions/drafts';
import { ConsoleLink } from '../ConsoleLink';
import { callRpc } from '../console-client';
import { useConsole } from '../console-context';
import { formatTime } from '../format';
import { settle } from '../settle';
import { KIND_LABELS, VERSION_STATUS_LABELS, versionListSchema, type VersionSummary } from './version-schemas';

/** A version on its way to the rigs: the states in which another one of the same record is work in parallel. */
const OPEN_STATUSES = ['draft', 'review', 'approved', 'scheduled'] as const;

/**
 * The other versions of this record still on their way (drafted, in review, approved or
 * scheduled), so that a director does not draft over a colleague's change unawares: each is a
 * whole record, and the one put in force last replaces the others'. Read once per kind; a new
 * record's key is matched as it is typed.
 */
export function OtherOpenVersions({
  kind,
  recordKey,
  exceptId,
}: {
  kind: ReferenceKind;
  recordKey: string;
  /** The draft being edited, which is not "another". */
  exceptId: string | null;
}) {
  const { client, context } = useConsole();
  const [open, setOpen] = useState<VersionSummary[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    settle(
      Promise.all(
        OPEN_STATUSES.map((status) =>
          callRpc(
            client,
            'list_reference_versions',
            { filter_kind: kind, filter_status: status, filter_key: null },
            versionListSchema,
          ),
        ),
      ).then((answers) => {
        if (!current) return;
        const refused = answers.find((a) => !a.ok);
        if (refused && !refused.ok) setFailure(refused.message);
        else setOpen(answers.flatMap((a) => (a.ok ? a.value : [])));
      }),
    );
    return () => {
      current = false;
    };
  }, [client, kind]);

  if (failure)
    return <p className="muted">Could not check for other versions of this record on their way: {failure}</p>;
  const others = (open ?? []).filter((v) => v.key === recordKey && v.id !== exceptId);
  if (others.length === 0) return null;
  const what = KIND_LABELS[kind].toLowerCase();
  return (
    <div className="console-card other-versions" data-testid="other-open-versions">
      <h2>
        {others.length === 1 ? 'Another version' : `${others.length} other versions`} of {what} {recordKey} on the way
      </h2>
      <ul>
        {others.map((v) => (
          <li key={v.id}>
            <ConsoleLink to={`versions/${v.id}`}>Version {v.version}</ConsoleLink> · {VERSION_STATUS_LABELS[v.status]}
            {v.effectiveDate && `, effective ${v.effectiveDate}`} · drafted by{' '}
            {v.createdBy === context.me.id ? 'you' : (v.createdByName ?? 'an import')}, {formatTime(v.createdAt)}
          </li>
        ))}
      </ul>
      <p className="muted">
        Each version is a whole record: the one put in force last replaces the others&apos; changes. Agree with its
        author which goes on, or add your change to it.
      </p>
    </div>
  );
}
