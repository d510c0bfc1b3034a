/**
 * Starts an async console action from an event handler or an effect. The actions report their
 * own failures on the page (an RPC's error is a value, not a throw); anything they did not
 * expect is logged here rather than lost.
 */
export function settle(promise: Promise<unknown>): void {
  promise.catch((error: unknown) => console.error('Rigside console:', error instanceof Error ? error.message : error));
}
