import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { ServicesProvider } from '../../src/app/services';
import { createAuditLog } from '../../src/data/audit-log';
import type { RigsideDb } from '../../src/data/db';

/** Renders a screen with the app's services (the given database and its audit log), as main.tsx wires them. */
export function renderWithServices(db: RigsideDb, ui: ReactElement) {
  return render(<ServicesProvider services={{ db, audit: createAuditLog(db), sync: null }}>{ui}</ServicesProvider>);
}
