import { lazy, Suspense, useLayoutEffect, useRef, useState } from 'react';
import { useFirstIdle } from '../../app/idle';
import { useUi } from '../../app/ui-store';
import { useActivePatient } from '../../app/active-patient-store';
import { formatWhy } from '../../domain/search/why';
import { Highlight } from './Highlight';
import { useSearchEngine, type SearchHit, type SearchPort } from '../../app/search-engine-store';
import { useSearchInput } from './search-input-store';
import { FIRST_RESULT_MARK } from '../../app/start-search';

const StartingPoints = lazy(() => import('./StartingPoints').then((m) => ({ default: m.StartingPoints })));

/** A query sent while the engine was starting, and the answer it will get. */
interface SentWhileStarting {
  port: SearchPort;
  text: string;
  ageYears: number | undefined;
  answer: Promise<SearchHit[]>;
}

/** Search-as-you-type, with recent, most-used and provider-impression picks while the box is empty. */
export function SearchHome() {
  const engine = useSearchEngine((s) => s.engine);
  const { query, setQuery } = useSearchInput();
  const openProtocol = useUi((s) => s.openProtocol);
  const patient = useActivePatient((s) => s.active);
  const ageYears = patient?.ageYears ?? undefined;
  const [hits, setHits] = useState<{ query: string; results: SearchHit[] } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // The starting-point lists, their code and the database they read load once the page is first
  // idle: at a cold start the crew's first query (typed the moment the box is there) is answered
  // before any of it loads; typing unmounts them.
  const idle = useFirstIdle();

  const sentWhileStarting = useRef<SentWhileStarting | null>(null);

  // A layout effect: the query goes to the worker as soon as React commits (a keystroke, the
  // engine coming up), not after the next paint, which is where a passive effect would send it.
  // While the engine starts in the worker, the query goes too and is answered once it is up.
  useLayoutEffect(() => {
    const text = query.trim();
    const port = engine.port;
    const starting = engine.status !== 'ready';
    const earlier = sentWhileStarting.current;
    sentWhileStarting.current = null;
    if (port === null || text === '') {
      setHits(null);
      return;
    }
    let current = true;
    // The query sent while the engine was starting is answered by the engine that has just come
    // up: wait for that answer rather than ask again (at a cold start, the answer is on its way).
    // If it failed (that engine did not start, another was built), ask again.
    const answer =
      earlier && !starting && earlier.port === port && earlier.text === text && earlier.ageYears === ageYears
        ? earlier.answer.catch(() => port.search(text, { ageYears, limit: 12 }))
        : port.search(text, { ageYears, limit: 12 });
    if (starting) sentWhileStarting.current = { port, text, ageYears, answer };
    answer
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
      // A query sent while starting is asked again once the engine is up, if it failed: only
      // that answer's failure is shown.
      .catch(
        (error: unknown) => current && !starting && setFailure(error instanceof Error ? error.message : String(error)),
      );
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
      {query.trim() === '' && idle && (
        <Suspense fallback={null}>
          <StartingPoints ageYears={ageYears} />
        </Suspense>
      )}
    </section>
  );
}

function formatAge(years: number): string {
  if (years < 2) return `${Math.round(years * 12)} months old`;
  return `${Math.floor(years)} years old`;
}
