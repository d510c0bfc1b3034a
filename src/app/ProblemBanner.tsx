import { useUi } from './ui-store';

/** The last action that failed, in words, over every screen until the crew dismisses it. */
export function ProblemBanner() {
  const problem = useUi((s) => s.problem);
  const dismiss = useUi((s) => s.dismissProblem);
  if (!problem) return null;
  return (
    <div className="refusal problem-banner" role="alert" data-testid="problem">
      <span>{problem}</span>
      <button type="button" className="button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
