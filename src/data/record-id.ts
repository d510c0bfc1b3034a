import { v7 as uuidv7 } from 'uuid';

/**
 * A new record or event id: UUID v7 from the act's own clock. A module of its own so that the
 * screens' reads (recent protocols on the first screen) do not load the outbox's writer.
 */
export function newRecordId(now: Date): string {
  return uuidv7({ msecs: now.getTime() });
}
