import { useUi } from './ui-store';

/**
 * Runs what a tap started (a write, a send, a sign-out) so that its failure is shown to the crew
 * and logged, never swallowed by a `void promise`: `onClick={() => runAction('Recording the dose', confirm)}`.
 * The log names only the error's kind: a message may quote patient data.
 */
export function runAction(what: string, action: () => Promise<unknown>): void {
  Promise.resolve()
    .then(action)
    .catch((error: unknown) => {
      console.error(`${what} failed`, error instanceof Error ? error.name : typeof error);
      useUi
        .getState()
        .reportProblem(
          `${what} failed: ${error instanceof Error ? error.message : String(error)}. Try again; if it keeps failing, note it on paper.`,
        );
    });
}
