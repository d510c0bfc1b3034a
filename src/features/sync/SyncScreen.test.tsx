import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { recordProtocolUse } from '../../app/actions/clinical-acts';
import { refreshFormulary } from '../../app/formulary-store';
import { writeCrew } from '../../data/crew';
import { buildDatasetBundle } from '../../data/dataset-bundle';
import { RigsideDb } from '../../data/db';
import { applyDatasetBundle } from '../../data/reference-mirror';
import { bundledFormularyRecords } from '../../domain/dosing/bundled-formulary';
import { LAST_UPDATE_KEY, type ReferenceUpdate } from '../../sync/reference-pull';
import { renderWithServices } from '../../../tests/unit/render-with-services';
import { SyncScreen } from './SyncScreen';

const DANA = {
  userId: 'a0000000-0000-4000-8000-000000000001',
  email: 'paramedic@north-valley.example',
  fullName: 'Dana Ortiz',
  role: 'paramedic' as const,
  department: 'North Valley Fire Department',
  station: 'Station 12',
  signedInAt: '2026-12-01T08:00:00Z',
};

let db: RigsideDb;
beforeEach(() => {
  db = new RigsideDb(`test-sync-${crypto.randomUUID()}`);
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

const useProtocol = () =>
  recordProtocolUse(db, 'viewed', { tpCode: '1211', query: 'chest pain', contextId: null, datasetVersion: '1.0.0' });

/** Moves the queued protocol-usage event to Refused, as the replayer does on the server's verdict. */
async function refuseQueuedUsage(code: string, reason: string) {
  const event = (await db.outboxEvents.where('kind').equals('protocol_usage').first())!;
  await db.transaction('rw', db.outboxEvents, db.deadLetters, async () => {
    await db.outboxEvents.delete(event.seq);
    await db.deadLetters.add({ ...event, rejectedAt: new Date().toISOString(), code, reason });
  });
  return event;
}

describe('Sync status', () => {
  it('says that records wait on the device when the build names no server, and counts them by kind', async () => {
    await useProtocol();
    renderWithServices(db, <SyncScreen />);
    expect(screen.getByText(/no server configured: every record waits safely on this device/)).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('pending-protocol_usage').textContent).toBe('1'));
    expect(screen.getByTestId('pending-audit').textContent).toBe('1');
    expect(screen.queryByRole('button', { name: 'Send now' })).toBeNull();
  });

  it('shows a refused record with the server’s code and reason, and Retry puts it back in the queue', async () => {
    await useProtocol();
    const event = await refuseQueuedUsage('PAYLOAD_INVALID', 'payload.tp_code is not a protocol code');
    const user = userEvent.setup();
    renderWithServices(db, <SyncScreen />);
    const refused = await screen.findByTestId('dead-letters');
    expect(refused.textContent).toMatch(
      /protocol usage of .*: PAYLOAD_INVALID\. payload\.tp_code is not a protocol code/,
    );
    await user.click(within(refused).getByRole('button', { name: /^Retry protocol usage/ }));
    await waitFor(async () => expect(await db.deadLetters.count()).toBe(0));
    expect(await db.outboxEvents.get(event.seq)).toMatchObject({
      id: event.id,
      lastError: 'refused before: PAYLOAD_INVALID',
    });
    expect(await screen.findByText('None.')).toBeTruthy();
  });

  it('discards a refused record only with a reason and a second confirmation, and audits it without its content', async () => {
    await useProtocol();
    const event = await refuseQueuedUsage('PAYLOAD_INVALID', 'bad');
    const user = userEvent.setup();
    renderWithServices(db, <SyncScreen />);
    await user.click(await screen.findByRole('button', { name: /^Discard protocol usage/ }));
    const next = screen.getByRole('button', { name: 'Discard…' });
    expect(next).toHaveProperty('disabled', true);
    await user.type(screen.getByLabelText(/Why discard it/), 'duplicate of a record sent by radio');
    await user.click(next);
    await user.click(screen.getByRole('button', { name: 'Yes, discard it for good' }));
    await waitFor(async () => expect(await db.deadLetters.count()).toBe(0));
    const [audit] = await db.auditEvents.where('action').equals('dead_letter_discarded').toArray();
    expect(audit?.details).toEqual({
      kind: 'protocol_usage',
      code: 'PAYLOAD_INVALID',
      event_id: event.id,
      reason: 'duplicate of a record sent by radio',
    });
    expect(JSON.stringify(audit)).not.toContain('chest pain');
  });

  it('names the dataset and the formulary the device doses from, and what the last pull changed', async () => {
    const medications = bundledFormularyRecords().filter((m) => ['aspirin', 'naloxone'].includes(m.id));
    const bundle = await buildDatasetBundle({ protocols: [], provider_impressions: [], medications }, '2.0.0');
    await applyDatasetBundle(db, bundle, new Date(), 7);
    const update: ReferenceUpdate = {
      version: 7,
      at: '2026-12-01T09:00:00Z',
      protocols: { added: [], changed: [], retired: ['1299'] },
      medications: { added: ['naloxone'], changed: ['aspirin'], retired: [] },
      notes: [
        {
          kind: 'medication',
          key: 'aspirin',
          name: 'Aspirin',
          note: {
            version: 3,
            effective_date: '2026-12-01',
            change_log: [{ type: 'Revision', section: 'Adult dose', description: 'Chew 324 mg.' }],
          },
        },
      ],
    };
    await db.settings.put({ key: LAST_UPDATE_KEY, value: update });
    await refreshFormulary(db);
    renderWithServices(db, <SyncScreen />);
    expect(screen.getByTestId('formulary-status').textContent).toBe(
      `${medications[0]!.formulary_version}, from dataset 2.0.0: 2 medications dosed.`,
    );
    await waitFor(() =>
      expect(screen.getByTestId('dataset-status').textContent).toBe(
        `Server version 7: 0 protocols, 0 provider impressions, 2 medications (hash ${bundle.content_hash.slice(0, 12)}).`,
      ),
    );
    const changes = await screen.findByTestId('reference-update');
    expect(changes.textContent).toContain('Protocols updated to version 7');
    expect(
      within(changes)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Protocols retired: 1299',
      'Medications added: naloxone',
      'Medications changed: aspirin',
      'Revision · Adult dose: Chew 324 mg.',
    ]);
    // What changed, from the change log the medical director wrote.
    expect(within(changes).getByTestId('what-changed').textContent).toMatch(
      /^What changed in Aspirin: version 3, effective 2026-12-01Revision · Adult dose: Chew 324 mg\.$/,
    );
  });

  it('refuses to sign out a crew member whose records are still waiting, and offers to export them first', async () => {
    await writeCrew(db, DANA);
    await useProtocol();
    const user = userEvent.setup();
    renderWithServices(db, <SyncScreen />);
    expect((await screen.findByTestId('crew')).textContent).toContain('Dana Ortiz');
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    // Without a stored session the screen also asks Dana to sign in again; the refusal is the other alert.
    const refusal = await waitFor(() => {
      const found = screen.getAllByRole('alert').find((alert) => /waiting to be sent/.test(alert.textContent ?? ''));
      if (!found) throw new Error('no sign-out refusal yet');
      return found;
    });
    expect(refusal.textContent).toMatch(/^2 record\(s\) are waiting to be sent and 0 were refused/);
    expect(within(refusal).getByRole('button', { name: 'Export them, then sign out' })).toBeTruthy();
    expect(within(refusal).getByRole('button', { name: 'Sign out anyway' })).toHaveProperty('disabled', true);
    expect((await db.settings.get('crew'))?.value).toMatchObject({ userId: DANA.userId });
  });
});
