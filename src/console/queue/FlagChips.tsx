import type { ConsoleContext } from '../schemas';

/** The flags of a call as labelled chips, in the server's order (the order a director reviews them in). */
export function FlagChips({ flags, context }: { flags: string[]; context: ConsoleContext }) {
  if (flags.length === 0) return <span className="muted">No flags</span>;
  return (
    <ul className="flag-chips" aria-label="Flags">
      {flags.map((code) => {
        const kind = context.flagKinds.find((k) => k.code === code);
        return (
          <li
            key={code}
            className={`flag-chip flag-${code.toLowerCase().replaceAll('_', '-')}`}
            title={kind?.description}
          >
            {kind?.label ?? code}
          </li>
        );
      })}
    </ul>
  );
}
