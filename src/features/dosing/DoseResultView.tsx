import type { DoseResult } from '../../domain/dosing/engine';
import type { DoseWarning } from '../../domain/dosing/refusals-and-warnings';

const ORDER: Record<DoseWarning['severity'], number> = { danger: 0, caution: 1, info: 2 };
const LABEL: Record<DoseWarning['severity'], string> = { danger: 'STOP', caution: 'Caution', info: 'Note' };

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/**
 * The calculated dose, as crews read it under pressure: warnings first (danger on top),
 * then the tape colour, then mg and mL side by side in very large type.
 */
export function DoseResultView({
  result,
  recorded,
  onConfirm,
  onNext,
}: {
  result: DoseResult;
  recorded: boolean;
  onConfirm: () => void;
  onNext: () => void;
}) {
  const warnings = [...result.warnings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  const given = result.quantity
    ? `${result.quantity.value} ${plural(result.quantity.value, result.quantity.form)}`
    : `${result.volume_ml} mL`;
  return (
    <div className="dose-result" data-testid="dose-result">
      {warnings.length > 0 && (
        // The alert wraps the list: a role on the <ul> itself would stop it being a list.
        <div role="alert">
          <ul className="warnings dose-warnings" aria-label="Warnings">
            {warnings.map((w) => (
              <li key={`${w.code}:${w.message}`} className={`warning-${w.severity}`} data-code={w.code}>
                <strong>{LABEL[w.severity]}:</strong> {w.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className={`band-chip band-${result.color.toLowerCase()}`} data-testid="color-band">
        {result.color} · {result.weight_entered}
      </p>
      <div className="dose-figures">
        <p>
          <span className="figure" data-testid="dose-amount">
            {result.dose.value} {result.dose.unit}
          </span>
          <span className="figure-label">dose</span>
        </p>
        <p>
          <span className="figure" data-testid="dose-volume">
            {result.volume_ml === null && !result.quantity ? '–' : given}
          </span>
          <span className="figure-label">of {result.concentration}</span>
        </p>
      </div>
      <p className="dose-line">
        {result.medication_name} {result.route}
        {result.indication ? ` for ${result.indication}` : ''} · max single {result.max_single.value}{' '}
        {result.max_single.unit}
        {result.capped ? ' (capped)' : ''}
      </p>
      <dl className="dose-details">
        <dt>Repeat</dt>
        <dd>{result.repeat.text}</dd>
        {result.dose_number > 1 && (
          <>
            <dt>This patient</dt>
            <dd data-testid="dose-number">
              dose {result.dose_number} of this kind
              {result.given_total ? `; ${result.given_total.value} ${result.given_total.unit} given before it` : ''}
            </dd>
          </>
        )}
        {result.max_total && (
          <>
            <dt>Max total</dt>
            <dd>
              {result.max_total.value} {result.max_total.unit}{' '}
              {result.max_total.scope === 'before_base' ? 'before Base contact' : 'in all'}
            </dd>
          </>
        )}
        {result.max_doses && (
          <>
            <dt>Max doses</dt>
            <dd>
              {result.max_doses.value} {result.max_doses.scope === 'before_base' ? 'before Base contact' : 'in all'}
            </dd>
          </>
        )}
      </dl>
      {result.notes.length > 0 && (
        <ul className="dose-notes">
          {result.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <p className="search-context">
        Cardioversion {result.cardioversion_j.join(' / ')} J · Defibrillation {result.defibrillation_j.join(' / ')} J
      </p>
      <p className="search-context dose-sources">
        {result.sources.join(' · ')} · formulary {result.formulary_version}
      </p>
      <button type="button" className="button primary wide" disabled={recorded} onClick={onConfirm}>
        {recorded ? 'Recorded ✓ (queued in Sync)' : 'Confirm and record'}
      </button>
      {recorded && (
        <button type="button" className="button wide" onClick={onNext}>
          Calculate the next dose
        </button>
      )}
    </div>
  );
}
