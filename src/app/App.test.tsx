import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from './App';
import { useUi } from './ui-store';
import { RigsideDb } from '../data/db';
import { createAuditLog } from '../data/audit-log';
import { commitAct } from '../data/outbox-writer';
import { protocolUsageWrite } from '../data/protocol-usage';
import { renderWithServices } from '../../tests/unit/render-with-services';

let db: RigsideDb;
beforeEach(() => {
  db = new RigsideDb(`test-shell-${crypto.randomUUID()}`);
  window.location.hash = '';
  useUi.setState({ screen: 'search', theme: 'light', online: true });
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

function renderShell() {
  return renderWithServices(db, <App />);
}

// Screens other than Search load on first use; on a busy machine that takes more than the unit default.
describe('app shell', { timeout: 20_000 }, () => {
  it('moves between every screen from the tab bar and marks the current one', async () => {
    renderShell();
    const nav = screen.getByRole('navigation', { name: 'Screens' });
    for (const [label, heading] of [
      ['Dosing', 'Medication dosing'],
      ['Patient', 'Patient'],
      ['Narrative', 'Narrative'],
      ['Sync', 'Sync status'],
      ['Search', 'Protocol search'],
    ] as const) {
      await userEvent.click(within(nav).getByRole('button', { name: label }));
      // Screens other than Search load when first opened.
      expect(await screen.findByRole('heading', { level: 1, name: heading }, { timeout: 10_000 })).toHaveProperty(
        'textContent',
        heading,
      );
      expect(within(nav).getByRole('button', { name: label }).getAttribute('aria-current')).toBe('page');
      expect(window.location.hash).toBe(`#/${label.toLowerCase()}`);
    }
  });

  it('can be driven from the keyboard alone', async () => {
    renderShell();
    const user = userEvent.setup();
    const dosing = screen.getByRole('button', { name: 'Dosing' });
    dosing.focus();
    await user.keyboard('{Enter}');
    expect(
      (await screen.findByRole('heading', { level: 1, name: 'Medication dosing' }, { timeout: 10_000 })).textContent,
    ).toBe('Medication dosing');
    await user.tab();
    await user.keyboard(' ');
    expect((await screen.findByRole('heading', { level: 1, name: 'Patient' }, { timeout: 10_000 })).textContent).toBe(
      'Patient',
    );
  });

  it('shows the connection state and follows online and offline events', () => {
    renderShell();
    expect(screen.getByRole('status', { name: 'Connection' }).textContent).toContain('Online');
    act(() => {
      window.dispatchEvent(new Event('offline'));
    });
    expect(screen.getByRole('status', { name: 'Connection' }).textContent).toContain('Offline');
    act(() => {
      window.dispatchEvent(new Event('online'));
    });
    expect(screen.getByRole('status', { name: 'Connection' }).textContent).toContain('Online');
  });

  it('switches between light, dark and sunlight themes and remembers the choice', async () => {
    renderShell();
    await userEvent.click(screen.getByRole('button', { name: /^Display: Light\. Switch to Dark/ }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    await userEvent.click(screen.getByRole('button', { name: /^Display: Dark\. Switch to Sunlight/ }));
    expect(document.documentElement.dataset.theme).toBe('sunlight');
    expect(localStorage.getItem('rigside.theme')).toBe('sunlight');
    await userEvent.click(screen.getByRole('button', { name: /^Display: Sunlight\. Switch to Light/ }));
    expect(document.documentElement.dataset.theme).toBe('light');
  });

  it('lists pending outbox events by kind in Sync status, live', async () => {
    const audit = createAuditLog(db);
    await audit.record('app_started');
    renderShell();
    await userEvent.click(screen.getByRole('button', { name: 'Sync' }));
    await waitFor(async () => expect((await screen.findByTestId('pending-audit')).textContent).toBe('1'));
    await act(async () => {
      const now = new Date();
      await commitAct(
        db,
        { now, authorId: null },
        { records: [protocolUsageWrite({ tpCode: '1211', action: 'viewed' }, now)] },
      );
    });
    await screen.findByText('(2)');
    expect(screen.getByTestId('pending-protocol_usage').textContent).toBe('1');
    expect(screen.getByTestId('pending-narrative').textContent).toBe('0');
    expect(within(screen.getByTestId('event-list')).getAllByRole('listitem')).toHaveLength(2);
  });
});
