import { useMemo } from 'react';
import { useServices } from '../../app/services';
import { useLiveQuery } from '../../app/use-live-query';
import { useUi } from '../../app/ui-store';
import { listImpressions, listProtocolNames } from '../../data/reference-reads';
import { mostUsedProtocols, recentProtocols } from '../../data/protocol-usage';
import { routeImpression } from '../../domain/protocols/impression-routing';
import { QUICK_PICK_IMPRESSIONS } from './quick-picks';

const noNames = () => Promise.resolve(new Map<string, string>());

/**
 * Recent, most-used and provider-impression picks, while the search box is empty. Loaded, with
 * the database, once the page is first idle (SearchHome).
 */
export function StartingPoints({ ageYears }: { ageYears: number | undefined }) {
  const { db } = useServices();
  const openProtocol = useUi((s) => s.openProtocol);
  const recent = useLiveQuery(() => recentProtocols(db, 5), [db]);
  const mostUsed = useLiveQuery(() => mostUsedProtocols(db, 5), [db]);
  // Names for the codes those lists show, read for those codes only.
  const shown = [...new Set([...(recent.value ?? []), ...(mostUsed.value ?? []).map((m) => m.tpCode)])].join(' ');
  const names = useLiveQuery(() => (shown ? listProtocolNames(db, shown.split(' ')) : noNames()), [db, shown]);
  const impressions = useLiveQuery(() => listImpressions(db), [db]);
  const picks = useMemo(
    () =>
      QUICK_PICK_IMPRESSIONS.map((code) => impressions.value?.find((i) => i.code === code)).filter(
        (i) => i !== undefined,
      ),
    [impressions.value],
  );
  const nameOf = (code: string) => names.value?.get(code) ?? '';

  return (
    <>
      {recent.value && recent.value.length > 0 && (
        <>
          <h2>Recent</h2>
          <ul className="chip-list" aria-label="Recent protocols">
            {recent.value.map((code) => (
              <li key={code}>
                <button type="button" className="result" onClick={() => openProtocol(code)}>
                  <span className="code-chip">{code}</span>
                  <span className="result-name">{nameOf(code)}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {mostUsed.value && mostUsed.value.length > 0 && (
        <>
          <h2>Most used on this device</h2>
          <ul className="chip-list" aria-label="Most used protocols">
            {mostUsed.value.map(({ tpCode, uses }) => (
              <li key={tpCode}>
                <button type="button" className="result" onClick={() => openProtocol(tpCode)}>
                  <span className="code-chip">{tpCode}</span>
                  <span className="result-name">{nameOf(tpCode)}</span>
                  <span className="uses">{uses}×</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {picks.length > 0 && (
        <>
          <h2>Provider impressions</h2>
          <ul className="pick-grid" aria-label="Provider impression quick picks">
            {picks.map((pi) => {
              const target = routeImpression(pi, ageYears);
              return (
                <li key={`${pi.code}-${pi.name}`}>
                  <button
                    type="button"
                    className="pick"
                    disabled={!target}
                    onClick={() => target && openProtocol(target)}
                  >
                    {/* The name is what the button shows (code, then name), so a voice user who says "CPSC" presses it. */}
                    <strong>{pi.code}</strong> <span>{pi.name}</span>
                    {target && <span className="visually-hidden">, opens {target}</span>}
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </>
  );
}
