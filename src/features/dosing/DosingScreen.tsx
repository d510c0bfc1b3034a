import { useMemo, useState } from 'react';
import { useServices } from '../../app/services';
import { useUi } from '../../app/ui-store';
import { calculateDose, DOSABLE_MEDICATIONS, type DoseRequest } from '../../domain/dosing/engine';
import { COLOR_BANDS } from '../../domain/dosing/color-bands';
import { recordDosingCalculation } from '../../data/dosing-records';
import { useActivePatient } from '../patient/patient-store';

type WeightUnit = 'kg' | 'lb';

/** Pick a medication, give a weight (or a tape colour), read the dose in mg and mL, confirm to record. */
export function DosingScreen() {
  const { db, audit } = useServices();
  const preset = useUi((s) => s.medication);
  const [medication, setMedication] = useState(() => (preset && DOSABLE_MEDICATIONS.some((m) => m.id === preset) ? preset : ''));
  const [route, setRoute] = useState('');
  const [indication, setIndication] = useState('');
  const patient = useActivePatient((s) => s.active);
  const [weight, setWeight] = useState(() => patient?.weightKg?.toString() ?? '');
  const [unit, setUnit] = useState<WeightUnit>('kg');
  const [age, setAge] = useState(() => patient?.ageYears?.toString() ?? '');
  const [confirmedWeight, setConfirmedWeight] = useState(false);
  const [recorded, setRecorded] = useState<string | null>(null);

  const med = DOSABLE_MEDICATIONS.find((m) => m.id === medication);
  const activeRoute = med && med.routes.length === 1 ? med.routes[0]! : route;

  const request = useMemo((): DoseRequest | null => {
    if (!med || !activeRoute) return null;
    const r: DoseRequest = { medication: med.id, route: activeRoute };
    if (indication) r.indication = indication;
    if (weight.trim() !== '') {
      if (unit === 'kg') r.weight_kg = weight;
      else r.weight_lb = weight;
    } else r.weight_kg = undefined;
    if (age.trim() !== '' && Number.isFinite(Number(age))) r.age_years = Number(age);
    if (confirmedWeight) r.weight_confirmed = true;
    return r;
  }, [med, activeRoute, indication, weight, unit, age, confirmedWeight]);

  const outcome = request && weight.trim() !== '' ? calculateDose(request) : null;

  async function confirm() {
    if (!request || !outcome?.ok) return;
    const record = await recordDosingCalculation(db, { request, result: outcome.value, contextId: patient?.id ?? null });
    await audit.record('dosing_calculated', { medication: outcome.value.medication, route: outcome.value.route, formulary_version: outcome.value.formulary_version });
    setRecorded(record.id);
  }

  function reset(change: () => void) {
    change();
    setRecorded(null);
  }

  return (
    <section className="panel dosing">
      <h1 id="screen-title">Medication dosing</h1>
      <p className="search-context">
        Children on the tape, 3 to 36 kg (MCG 1309). Adult doses are not calculated yet.
        {patient ? ' Weight and age come from the open patient.' : ''}
      </p>
      {outcome && !outcome.ok && (
        <div className="refusal" role="alert" data-testid="dose-refusal" data-code={outcome.error.code}>
          <strong>Not calculated.</strong> {outcome.error.message}
          {outcome.error.code === 'WEIGHT_IMPLAUSIBLE_FOR_AGE' && (
            <button type="button" className="button" onClick={() => setConfirmedWeight(true)}>
              The weight is right
            </button>
          )}
        </div>
      )}

      {outcome?.ok && (
        <div className="dose-result" data-testid="dose-result">
          {outcome.value.warnings.length > 0 && (
            <ul className="warnings" role="alert">
              {outcome.value.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          <p className={`band-chip band-${outcome.value.color.toLowerCase()}`} data-testid="color-band">
            {outcome.value.color} · {outcome.value.weight_entered}
          </p>
          <div className="dose-figures">
            <p>
              <span className="figure" data-testid="dose-amount">
                {outcome.value.dose.value} {outcome.value.dose.unit}
              </span>
              <span className="figure-label">dose</span>
            </p>
            <p>
              <span className="figure" data-testid="dose-volume">
                {outcome.value.volume_ml} mL
              </span>
              <span className="figure-label">of {outcome.value.concentration}</span>
            </p>
          </div>
          <p>
            {outcome.value.medication.replace(/-/g, ' ')} {outcome.value.route} · max single {outcome.value.max_single.value} {outcome.value.max_single.unit}
            {outcome.value.capped ? ' (capped)' : ''}
          </p>
          <p className="search-context">
            Cardioversion {outcome.value.cardioversion_j.join(' / ')} J · Defibrillation {outcome.value.defibrillation_j.join(' / ')} J
          </p>
          <button type="button" className="button primary wide" disabled={recorded !== null} onClick={() => void confirm()}>
            {recorded ? 'Recorded ✓ (queued in Sync)' : 'Confirm and record'}
          </button>
        </div>
      )}

      <div className="field">
        <label htmlFor="dose-medication">Medication</label>
        <select id="dose-medication" value={medication} onChange={(e) => reset(() => { setMedication(e.target.value); setRoute(''); setIndication(''); })}>
          <option value="">Choose…</option>
          {DOSABLE_MEDICATIONS.map((m) => (
            <option key={m.id} value={m.id}>
              {m.id.replace(/-/g, ' ')}
            </option>
          ))}
        </select>
      </div>

      {med && med.routes.length > 1 && (
        <fieldset className="segmented">
          <legend>Route</legend>
          {med.routes.map((r) => (
            <button key={r} type="button" aria-pressed={activeRoute === r} onClick={() => reset(() => setRoute(r))}>
              {r}
            </button>
          ))}
        </fieldset>
      )}
      {med && med.indications.length > 0 && (activeRoute === 'IV' || activeRoute === 'IO') && (
        <fieldset className="segmented">
          <legend>Indication</legend>
          {med.indications.map((i) => (
            <button key={i} type="button" aria-pressed={indication === i} onClick={() => reset(() => setIndication(i))}>
              {i}
            </button>
          ))}
        </fieldset>
      )}

      <div className="field-row">
        <div className="field">
          <label htmlFor="dose-weight">Weight</label>
          <input id="dose-weight" inputMode="decimal" value={weight} onChange={(e) => reset(() => { setWeight(e.target.value); setConfirmedWeight(false); })} aria-describedby="weight-unit" />
        </div>
        <fieldset className="segmented" id="weight-unit">
          <legend className="visually-hidden">Weight unit</legend>
          {(['kg', 'lb'] as const).map((u) => (
            <button key={u} type="button" aria-pressed={unit === u} onClick={() => reset(() => setUnit(u))}>
              {u}
            </button>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="dose-age">Age (yrs)</label>
          <input id="dose-age" inputMode="decimal" value={age} onChange={(e) => reset(() => setAge(e.target.value))} />
        </div>
      </div>

      <fieldset className="band-picker">
        <legend>Or pick the tape colour</legend>
        {COLOR_BANDS.map((b) => (
          <button
            key={b.color}
            type="button"
            className={`band band-${b.color.toLowerCase()}`}
            aria-label={`${b.color}, ${b.minKg} to ${b.maxRowKg} kg`}
            onClick={() => reset(() => { setUnit('kg'); setWeight(String(b.rowsKg[Math.floor((b.rowsKg.length - 1) / 2)])); })}
          >
            {b.color}
          </button>
        ))}
      </fieldset>

    </section>
  );
}
