import { useLayoutEffect, useMemo, useState } from 'react';
import { useServices } from '../../app/services';
import { useFirstIdle, useLiveQuery } from '../../app/use-live-query';
import { useUi } from '../../app/ui-store';
import { mostUsedProtocols, recentProtocols } from '../../data/protocol-usage';
import { useActivePatient } from '../../app/active-patient-store';
import { routeImpression } from '../../domain/protocols/impression-routing';
import { formatWhy } from '../../domain/search/why';
import { Highlight } from './Highlight';
import { QUICK_PICK_IMPRESSIONS } from './quick-picks';
import { useSearchEngine, type SearchHit } from '../../app/search-engine-store';
import { useSearchInput } from './search-input-store';
import { FIRST_RESULT_MARK } from '../../app/start-search';

/** Search-as-you-type, with recent, most-used and provider-impression picks while the box is empty. */
export function SearchHome() {
  const engine = useSearchEngine((s) => s.engine);
  const { query, setQuery } = useSearchInput();
  const openProtocol = useUi((s) => s.openProtocol);
  const patient = useActivePatient((s) => s.active);
  const ageYears = patient?.ageYears ?? undefined;
  const [hits, setHits] = useState<{ query: string; results: SearchHit[] } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  // A layout effect: the query goes to the worker as soon as React commits (the engine coming up,
  // a keystroke), not after the next paint, which is where a passive effect would send it.
  useLayoutEffect(() => {
    const text = query.trim();
    if (engine.status !== 'ready' || text === '') {
      setHits(null);
      return;
    }
    let current = true;
    engine.port
      .search(text, { ageYears, limit: 12 })
      .then((results) => {
        if (current) {
          setHits({ query: text, results });
          setFailure(null);
          if (results.length > 0 && performance.getEntriesByName(FIRST_RESULT_MARK).length === 0) {
            // After React paints: what the crew sees, for the cold-start figure the e2e test prints.
            requestAnimationFrame(() => setTimeout(() => performance.mark(FIRST_RESULT_MARK)));
          }
        }
      })
      .catch((error: unknown) => current && setFailure(error instanceof Error ? error.message : String(error)));
    return () => {
      current = false;
    };
  }, [engine, query, ageYears]);

  // With no patient open, an age (or "kid", "croup") typed in the search routes the results.
  const queryRouting = hits?.results[0]?.why.routing?.from === 'query' ? hits.results[0].why.routing : undefined;
  const terms = hits ? hits.query.split(/\s+/) : [];

  return (
    <section
      className="panel search-home"
      data-engine-status={engine.status}
      data-index-source={engine.status === 'ready' ? engine.indexSource : undefined}
    >
      <h1 id="screen-title">Protocol search</h1>
      <label className="search-box">
        <span className="visually-hidden">Search protocols by code, name or complaint</span>
        <input
          type="search"
          inputMode="search"
          autoComplete="off"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="search"
          placeholder="1211, CP, bee sting…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            const first = hits?.results[0];
            if (e.key === 'Enter' && first) openProtocol(first.tp_code);
          }}
        />
      </label>
      <p className="search-context" data-testid="search-age">
        {ageYears === undefined
          ? queryRouting
            ? `“${queryRouting.text}” in the search: ${queryRouting.population} protocols first.`
            : 'No patient open: adult and pediatric protocols are ranked together.'
          : ageYears < 15
            ? `Patient is ${formatAge(ageYears)}: pediatric protocols first.`
            : `Patient is ${formatAge(ageYears)}: adult protocols first.`}
      </p>

      {engine.status !== 'ready' && (
        <p className={engine.status === 'failed' ? 'error' : 'notice'} role="status">
          {engine.message}
        </p>
      )}
      {failure && <p className="error">Search failed: {failure}</p>}

      {hits && (
        <>
          <h2 className="visually-hidden">Results</h2>
          {hits.results.length === 0 ? (
            <p role="status">
              No protocol matches “{hits.query}”. Try the code, a shorter word, or the complaint (for example “SOB”).
            </p>
          ) : (
            <ol className="result-list" aria-label={`Results for ${hits.query}`} data-testid="results">
              {hits.results.map((hit) => (
                <li key={hit.tp_code}>
                  <button type="button" className="result" onClick={() => openProtocol(hit.tp_code)}>
                    <span className="code-chip">{hit.tp_code}</span>
                    <span className="result-text">
                      <span className="result-name">
                        <Highlight text={hit.tp_name} terms={[...terms, ...hit.matched]} />
                      </span>
                      {/* Why it ranked: what matched, what a word was read as, vitals, age routing. */}
                      <span className="result-why" data-testid="why">
                        {formatWhy(hit.why)}
                      </span>
                    </span>
                  </button>
                </li>
              ))}
            </ol>
          )}
        </>
      )}

      {/* While the box is empty: where a crew starts without typing. */}
      {query.trim() === '' && <StartingPoints ageYears={ageYears} />}
    </section>
  );
}

/** The mirror's reads and the protocol schemas they check with: loaded when the lists first read. */
const readsModule = () => import('../../data/reference-reads');
const noNames = () => Promise.resolve(new Map<string, string>());

/**
 * Recent, most-used and provider-impression picks. Read once the page is first idle: at a cold
 * start the crew's first query (typed the moment the box is there) is answered before these
 * lists read IndexedDB and check the impressions; typing unmounts them.
 */
function StartingPoints({ ageYears }: { ageYears: number | undefined }) {
  const { db } = useServices();
  const openProtocol = useUi((s) => s.openProtocol);
  const idle = useFirstIdle();
  const recent = useLiveQuery(() => (idle ? recentProtocols(db, 5) : Promise.resolve([])), [db, idle]);
  const mostUsed = useLiveQuery(() => (idle ? mostUsedProtocols(db, 5) : Promise.resolve([])), [db, idle]);
  // Names for the codes those lists show, read for those codes only.
  const shown = [...new Set([...(recent.value ?? []), ...(mostUsed.value ?? []).map((m) => m.tpCode)])].join(' ');
  const names = useLiveQuery(
    () => (shown ? readsModule().then(({ listProtocolNames }) => listProtocolNames(db, shown.split(' '))) : noNames()),
    [db, shown],
  );
  const impressions = useLiveQuery(
    () => (idle ? readsModule().then(({ listImpressions }) => listImpressions(db)) : Promise.resolve([])),
    [db, idle],
  );
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

function formatAge(years: number): string {
  if (years < 2) return `${Math.round(years * 12)} months old`;
  return `${Math.floor(years)} years old`;
}
