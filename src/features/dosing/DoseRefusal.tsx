import type { DosingError } from '../../domain/dosing/refusals-and-warnings';

/**
 * Why no dose is shown, in the engine's words, with the one step that can lift it where the
 * crew may take it: confirming an unusual weight, or a Base order for more doses.
 */
export function DoseRefusal({
  error,
  baseOrdered,
  onConfirmWeight,
  onBaseOrder,
}: {
  error: DosingError;
  baseOrdered: boolean;
  onConfirmWeight: () => void;
  onBaseOrder: () => void;
}) {
  return (
    <div className="refusal" role="alert" data-testid="dose-refusal" data-code={error.code}>
      <strong>Not calculated.</strong> {error.message}
      {error.code === 'WEIGHT_IMPLAUSIBLE_FOR_AGE' && (
        <button type="button" className="button" onClick={onConfirmWeight}>
          The weight is right
        </button>
      )}
      {(error.code === 'MAX_DOSES_REACHED' || error.code === 'MAX_TOTAL_REACHED') && !baseOrdered && (
        <button type="button" className="button" onClick={onBaseOrder}>
          Base has ordered more
        </button>
      )}
    </div>
  );
}
