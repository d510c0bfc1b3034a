import { afterEach, describe, expect, it } from 'vitest';
import { RigsideDb } from '../data/db';
import { clearCorrectionRequests, readCorrectionRequests } from '../data/correction-requests';
import { pullCorrectionRequests } from './correction-pull';

let db: RigsideDb;
afterEach(async () => {
  await db.delete();
});

const ME = '0190a6f2-0000-7000-8000-000000000001';
const SOMEONE_ELSE = '0190a6f2-0000-7000-8000-000000000002';

const serverRow = {
  id: '0190a6f2-1111-7000-8000-000000000001',
  started_at: '2026-11-25T10:00:00.000Z',
  last_record_at: '2026-11-25T10:20:00.000Z',
  request: 'Record the pain score before and after the fentanyl.',
  requested_at: '2026-11-26T08:00:00.000Z',
  requested_by: 'Dr. Priya Raman',
  medications: ['fentanyl'],
  applied_protocols: ['1211'],
  doses: 1,
  narratives: 0,
  records_since_request: 0,
};

describe('correction requests on the device', () => {
  it('keeps the server’s list for the crew member, sealed, and readable without a connection', async () => {
    db = new RigsideDb(`corrections-${crypto.randomUUID()}`);
    const report = await pullCorrectionRequests({
      db,
      userId: ME,
      fetchRequests: () => Promise.resolve({ kind: 'response', status: 200, body: [serverRow] }),
    });
    expect(report).toEqual({ status: 'updated', count: 1 });
    const inbox = await readCorrectionRequests(db, ME);
    expect(inbox?.requests).toEqual([
      expect.objectContaining({
        reviewId: serverRow.id,
        request: serverRow.request,
        requestedBy: 'Dr. Priya Raman',
        appliedProtocols: ['1211'],
      }),
    ]);
    // The reviewer's words are not in IndexedDB in the clear.
    const stored = JSON.stringify((await db.settings.get('correctionRequests'))?.value);
    expect(stored).not.toContain('pain score');
  });

  it('shows them to nobody else who signs in on the device, and forgets them on sign-out', async () => {
    db = new RigsideDb(`corrections-${crypto.randomUUID()}`);
    await pullCorrectionRequests({
      db,
      userId: ME,
      fetchRequests: () => Promise.resolve({ kind: 'response', status: 200, body: [serverRow] }),
    });
    expect(await readCorrectionRequests(db, SOMEONE_ELSE)).toBeNull();
    await clearCorrectionRequests(db);
    expect(await readCorrectionRequests(db, ME)).toBeNull();
  });

  it('keeps the last list when the server cannot be reached or answers something else', async () => {
    db = new RigsideDb(`corrections-${crypto.randomUUID()}`);
    await pullCorrectionRequests({
      db,
      userId: ME,
      fetchRequests: () => Promise.resolve({ kind: 'response', status: 200, body: [serverRow] }),
    });
    expect(
      await pullCorrectionRequests({
        db,
        userId: ME,
        fetchRequests: () => Promise.resolve({ kind: 'network_error', message: 'offline' }),
      }),
    ).toEqual({ status: 'failed', message: 'no connection to the server' });
    expect(
      await pullCorrectionRequests({
        db,
        userId: ME,
        fetchRequests: () => Promise.resolve({ kind: 'response', status: 429, body: { code: 'RATE_LIMITED' } }),
      }),
    ).toMatchObject({ status: 'failed' });
    expect(
      await pullCorrectionRequests({
        db,
        userId: ME,
        fetchRequests: () => Promise.resolve({ kind: 'response', status: 200, body: [{ id: 'x' }] }),
      }),
    ).toMatchObject({ status: 'failed', message: expect.stringMatching(/not a list of correction requests/) });
    expect((await readCorrectionRequests(db, ME))?.requests).toHaveLength(1);
  });

  it('replaces the list when a request is resolved on the server', async () => {
    db = new RigsideDb(`corrections-${crypto.randomUUID()}`);
    await pullCorrectionRequests({
      db,
      userId: ME,
      fetchRequests: () => Promise.resolve({ kind: 'response', status: 200, body: [serverRow] }),
    });
    await pullCorrectionRequests({
      db,
      userId: ME,
      fetchRequests: () => Promise.resolve({ kind: 'response', status: 200, body: [] }),
    });
    expect((await readCorrectionRequests(db, ME))?.requests).toEqual([]);
  });
});
