import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SearchScreen } from './SearchScreen';
import { useSearchEngine, type SearchPort } from '../../app/search-engine-store';
import { useSearchInput } from './search-input-store';
import { ServicesProvider } from '../../app/services';
import { useUi } from '../../app/ui-store';
import { RigsideDb } from '../../data/db';
import { createAuditLog } from '../../data/audit-log';
import { applyDatasetBundle } from '../../data/reference-mirror';
import { buildDatasetBundle } from '../../data/dataset-bundle';
import type { Dataset } from '../../domain/protocols/dataset';
import { bundledFormularyRecords } from '../../domain/dosing/bundled-formulary';
import { inlineEngineStarter } from '../../search/search-client';
import { bringUp } from '../../app/start-search';
import { useActivePatient } from '../../app/active-patient-store';
import { referenceSources } from '../../../tests/unit/reference-sources';
import { renderWithServices } from '../../../tests/unit/render-with-services';

let dataset: Dataset;
let db: RigsideDb;

beforeAll(async () => {
  const { protocols, provider_impressions } = referenceSources();
  dataset = await buildDatasetBundle(
    { protocols, provider_impressions, medications: bundledFormularyRecords() },
    '1.0.0',
  );
});

beforeEach(async () => {
  db = new RigsideDb(`test-search-${crypto.randomUUID()}`);
  await applyDatasetBundle(db, dataset);
  // The app's own start path, with the engine on this thread instead of the worker.
  await bringUp(db, inlineEngineStarter(db));
  expect(useSearchEngine.getState().engine.status).toBe('ready');
  useSearchInput.setState({ query: '' });
  useUi.setState({ screen: 'search', protocol: null, medication: null });
  useActivePatient.setState({ active: null });
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

function renderScreen() {
  return renderWithServices(db, <SearchScreen />);
}

const usage = async () =>
  (await db.outboxEvents.where('kind').equals('protocol_usage').toArray()).map((e) => e.payload);

describe('Search screen', () => {
  it('lists Cardiac Chest Pain first as "chest pain" is typed, with the matched words marked', async () => {
    const user = userEvent.setup();
    renderScreen();
    await user.type(screen.getByRole('searchbox'), 'chest pain');
    const first = await waitFor(() => within(screen.getByTestId('results')).getAllByRole('button')[0]!);
    expect(first.textContent).toContain('1211');
    expect([...first.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['Chest', 'Pain']);
  });

  it('says under each result why it ranked: vitals evidence and the age typed in the search', async () => {
    const user = userEvent.setup();
    renderScreen();
    await user.type(screen.getByRole('searchbox'), '8 yo febrile bp 70/40 hr 150 temp 103');
    const first = await waitFor(() => {
      const button = within(screen.getByTestId('results')).getAllByRole('button')[0]!;
      expect(button.textContent).toContain('1204-P');
      return button;
    });
    const why = within(first).getByTestId('why').textContent ?? '';
    expect(why).toContain('matched febrile');
    expect(why).toContain('low BP + fever → SEPS');
    expect(why).toContain('8 yo → pediatric');
    expect(screen.getByTestId('search-age').textContent).toBe('“8 yo” in the search: pediatric protocols first.');
  });

  it('opens the first result with Enter, shows its sections and records the view in the outbox', async () => {
    const user = userEvent.setup();
    const view = renderScreen();
    await user.type(screen.getByRole('searchbox'), 'CP');
    await waitFor(() => expect(screen.getByTestId('results')).toBeTruthy());
    await user.keyboard('{Enter}');
    view.rerender(
      <ServicesProvider services={{ db, audit: createAuditLog(db), sync: null }}>
        <SearchScreen />
      </ServicesProvider>,
    );
    expect(await screen.findByRole('heading', { level: 1, name: /TP 1211/ })).toBeTruthy();
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual(
      expect.arrayContaining(['Medications', 'Related protocols']),
    );
    await waitFor(async () =>
      expect(await usage()).toEqual([expect.objectContaining({ tp_code: '1211', action: 'viewed', query: 'CP' })]),
    );
  });

  it('records "applied" once when the protocol is applied, and links its medications to dosing', async () => {
    const user = userEvent.setup();
    useUi.setState({ protocol: '1211' });
    renderScreen();
    await user.click(await screen.findByRole('button', { name: 'Apply' }));
    await waitFor(async () => expect((await usage()).map((u) => u['action'])).toEqual(['viewed', 'applied']));
    expect(await screen.findByRole('button', { name: /Applied/ })).toHaveProperty('disabled', true);

    await user.click(screen.getAllByRole('button', { name: /aspirin/i })[0]!);
    expect(useUi.getState()).toMatchObject({ screen: 'dosing', medication: 'aspirin' });
  });

  it('routes a provider impression quick pick to the pediatric protocol for a 4-year-old', async () => {
    const user = userEvent.setup();
    useActivePatient.setState({ active: { id: 'p1', ageYears: 4, weightKg: 16, context: {} as never } });
    renderScreen();
    expect(screen.getByTestId('search-age').textContent).toContain('pediatric protocols first');
    await user.click(await screen.findByRole('button', { name: /Seizure.*opens 1231-P/ }));
    expect(useUi.getState().protocol).toBe('1231-P');
    // The opening is recorded like any other (and before afterEach closes the database).
    await waitFor(async () =>
      expect(await usage()).toEqual([expect.objectContaining({ tp_code: '1231-P', action: 'viewed' })]),
    );
  });

  it('ranks 1231-P first for "seizure" when the open patient is a child', async () => {
    const user = userEvent.setup();
    useActivePatient.setState({ active: { id: 'p1', ageYears: 4, weightKg: 16, context: {} as never } });
    renderScreen();
    await user.type(screen.getByRole('searchbox'), 'seizure');
    await waitFor(() =>
      expect(within(screen.getByTestId('results')).getAllByRole('button')[0]!.textContent).toContain('1231-P'),
    );
  });

  it('shows recently viewed protocols while the box is empty', async () => {
    useUi.setState({ protocol: '1237' });
    const view = renderScreen();
    await screen.findByRole('heading', { level: 1, name: /TP 1237/ });
    await waitFor(async () => expect(await usage()).toHaveLength(1));
    useUi.setState({ protocol: null });
    view.rerender(
      <ServicesProvider services={{ db, audit: createAuditLog(db), sync: null }}>
        <SearchScreen />
      </ServicesProvider>,
    );
    const recent = await screen.findByRole('list', { name: 'Recent protocols' });
    await waitFor(() => expect(recent.textContent).toContain('1237'));
  });

  /**
   * The worker's port as the app has it before the engine is up: it records every query, fails
   * `fails` at once, and answers the rest from the engine in the store once `engineUp` is called.
   */
  function portWhileStarting(fails: string) {
    const ready = useSearchEngine.getState().engine;
    if (ready.status !== 'ready') throw new Error('the engine should be up');
    let engineUp!: () => void;
    const up = new Promise<void>((resolve) => (engineUp = resolve));
    const asked: string[] = [];
    const port: SearchPort = {
      search: async (query, options) => {
        asked.push(query);
        if (query === fails) throw new Error('the search index is not loaded yet');
        await up;
        return ready.port.search(query, options);
      },
    };
    return { port, asked, engineUp, ready };
  }

  it('sends a query typed while the engine starts and shows its answer; a failure while starting stays quiet', async () => {
    const user = userEvent.setup();
    const { port, asked, engineUp } = portWhileStarting('qqqqzzzz');
    useSearchEngine.setState({ engine: { status: 'starting', message: 'Loading the protocol dataset…', port } });
    renderScreen();
    await user.type(screen.getByRole('searchbox'), 'chest pain');
    expect(asked).toContain('chest pain');
    expect(screen.queryByTestId('results')).toBeNull();
    engineUp();
    const first = await waitFor(() => within(screen.getByTestId('results')).getAllByRole('button')[0]!);
    expect(first.textContent).toContain('1211');
    await user.clear(screen.getByRole('searchbox'));
    await user.type(screen.getByRole('searchbox'), 'qqqqzzzz');
    await waitFor(() => expect(asked).toContain('qqqqzzzz'));
    expect(screen.queryByText(/not loaded yet/)).toBeNull();
  });

  it('waits for the answer to a query sent while starting once the engine is up, instead of asking again', async () => {
    const user = userEvent.setup();
    // The first engine cannot start: "cp", sent while it tried, fails, and is asked again.
    const { port, asked, engineUp, ready } = portWhileStarting('cp');
    useSearchEngine.setState({ engine: { status: 'starting', message: 'Loading the protocol dataset…', port } });
    renderScreen();
    await user.type(screen.getByRole('searchbox'), 'chest pain');
    const sent = asked.filter((q) => q === 'chest pain').length;
    expect(sent).toBe(1);
    // The engine comes up: the page hears "ready" before the held answer arrives.
    act(() => useSearchEngine.setState({ engine: { ...ready, port } }));
    engineUp();
    const first = await waitFor(() => within(screen.getByTestId('results')).getAllByRole('button')[0]!);
    expect(first.textContent).toContain('1211');
    expect(asked.filter((q) => q === 'chest pain')).toHaveLength(1);

    // A query whose answer failed while starting is asked again once an engine is up.
    cleanup();
    asked.length = 0;
    useSearchEngine.setState({ engine: { status: 'starting', message: 'Loading the protocol dataset…', port } });
    useSearchInput.setState({ query: '' });
    renderScreen();
    await user.type(screen.getByRole('searchbox'), 'cp');
    act(() => useSearchEngine.setState({ engine: { ...ready, port } }));
    await waitFor(() => expect(screen.getByText(/Search failed: the search index is not loaded yet/)).toBeTruthy());
    expect(asked.filter((q) => q === 'cp')).toHaveLength(2);
  });

  it('says what to try when nothing matches, and explains a search that could not start', async () => {
    const user = userEvent.setup();
    renderScreen();
    await user.type(screen.getByRole('searchbox'), 'qqqqzzzz');
    expect(await screen.findByText(/No protocol matches/)).toBeTruthy();
    cleanup();
    useSearchEngine.setState({
      engine: { status: 'failed', port: null, message: 'Protocol search could not start: no dataset' },
    });
    renderScreen();
    expect(screen.getByText(/could not start: no dataset/)).toBeTruthy();
  });
});
