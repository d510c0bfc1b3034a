import { diffWords } from 'diff';
import type { ReferenceKind } from '../../domain/versions/drafts';
import { diffRecords, fieldsOfNewRecord, fieldText, type FieldChange } from '../../domain/versions/record-diff';
import { draftSchema } from './record-schema';

/**
 * What a version changes against the one in force: one row per field that differs (a dose
 * rule's field by the rule's id, a section by its title), text compared word by word (jsdiff).
 * With no version in force every field is a row of its own, added.
 */
export function VersionDiff({
  kind,
  before,
  after,
}: {
  kind: ReferenceKind;
  before: unknown;
  after: Record<string, unknown>;
}) {
  const isNew = before === null || before === undefined;
  const changes = isNew ? inSchemaOrder(kind, fieldsOfNewRecord(after)) : diffRecords(before, after);
  if (changes.length === 0) return <p className="muted">No field differs from the version in force.</p>;
  return (
    <table
      className="console-table diff-table"
      aria-label={isNew ? 'Changes against no active version' : 'Changes against the version in force'}
    >
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.label} data-testid="diff-row">
            <th scope="row" className="diff-field">
              {c.label || '(whole record)'}
            </th>
            <td data-label={c.label}>
              <ChangeView change={c} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Several lines (a record added or removed whole, a list): a block marked by its edge, not a line under each. */
const lines = (text: string) => (text.includes('\n') ? 'block' : undefined);

function ChangeView({ change }: { change: FieldChange }) {
  if (change.change === 'added') {
    const text = fieldText(change.after) || '(none)';
    return (
      <ins className={lines(text)}>
        <span className="visually-hidden">added: </span>
        {text}
      </ins>
    );
  }
  if (change.change === 'removed') {
    const text = fieldText(change.before);
    return (
      <del className={lines(text)}>
        <span className="visually-hidden">removed: </span>
        {text}
      </del>
    );
  }
  if (typeof change.before !== 'string' && !Array.isArray(change.before))
    return (
      <span className="diff-value">
        <del>
          <span className="visually-hidden">was </span>
          {fieldText(change.before)}
        </del>{' '}
        →{' '}
        <ins>
          <span className="visually-hidden">now </span>
          {fieldText(change.after)}
        </ins>
      </span>
    );
  return (
    <span className="diff-text">
      {diffWords(fieldText(change.before), fieldText(change.after)).map((part, i) =>
        part.added ? (
          <ins key={i}>
            <span className="visually-hidden">added: </span>
            {part.value}
          </ins>
        ) : part.removed ? (
          <del key={i}>
            <span className="visually-hidden">removed: </span>
            {part.value}
          </del>
        ) : (
          <span key={i}>{part.value}</span>
        ),
      )}
    </span>
  );
}

/** A new record's fields in the order its form asks for them (the server hands a record back in its own key order). */
function inSchemaOrder(kind: ReferenceKind, changes: FieldChange[]): FieldChange[] {
  const order = Object.keys(draftSchema(kind).properties ?? {});
  const place = (c: FieldChange) => {
    const at = order.indexOf(String(c.path[0]));
    return at === -1 ? order.length : at;
  };
  return changes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => place(a.c) - place(b.c) || a.i - b.i)
    .map(({ c }) => c);
}
