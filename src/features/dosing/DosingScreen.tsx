import { useEffect, useMemo, useState } from 'react';
import { useFormulary } from '../../app/formulary-store';
import { useServices } from '../../app/services';
import { useUi } from '../../app/ui-store';
import { useLiveQuery } from '../../app/use-live-query';
import { calculateDose, type DoseRequest, type DoseResult } from '../../domain/dosing/engine';
import { COLOR_BANDS, colorBandFor, TAPE_MAX_KG, TAPE_MIN_KG } from '../../domain/dosing/color-bands';
import type { Route } from '../../domain/dosing/formulary-schema';
import { readWeight } from '../../domain/dosing/weight';
import { dosesForContext, givenDosesFrom } from '../../data/dosing-records';
import { confirmDose } from '../../app/actions/clinical-acts';
import { useActivePatient } from '../patient/patient-store';
import { DoseResultView } from './DoseResultView';
import { MedicationPicker } from './MedicationPicker';
import './dosing.css';

type WeightUnit = 'kg' | 'lb';

/** The tape colour for a weight as it is typed, before any medication is chosen. */
function WeightBand({ weight, unit }: { weight: string; unit: WeightUnit }) {
  if (weight.trim() === '') return null;
  const read = readWeight(unit === 'kg' ? { weightKg: weight } : { weightLb: weight });
  if (!read.ok) return null;
  const { weightKg, enteredAs } = read.value;
  const band = colorBandFor(weightKg);
  const label = band ? band.color : weightKg < TAPE_MIN_KG ? `Below the tape (under ${TAPE_MIN_KG} kg)` : `Longer than the tape (over ${TAPE_MAX_KG} kg): adult doses`;
  return (
    <p className={`band-chip band-${band ? band.color.toLowerCase() : weightKg < TAPE_MIN_KG ? 'none' : 'adult'}`} data-testid="weight-band" aria-live="polite">
      {label} · {enteredAs}
    </p>
  );
}
const num = (s: string) => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : undefined);

/**
 * Pick a medication, give a weight (or a tape colour), read the dose in mg and mL with its
 * warnings, confirm to record. With a patient open, its weight, age, allergies, latest SBP
 * and the doses already given feed the calculation.
 */
export function DosingScreen() {
  const { db } = useServices();
  const preset = useUi((s) => s.medication);
  const patient = useActivePatient((s) => s.active);
  const fields = patient?.context.fields;
  const formularyState = useFormulary((s) => s.state);
  const formulary = formularyState.formulary;
  const [medication, setMedication] = useState<string | null>(preset);
  const [route, setRoute] = useState('');
  const [indication, setIndication] = useState('');
  const [weight, setWeight] = useState(() => patient?.weightKg?.toString() ?? '');
  const [unit, setUnit] = useState<WeightUnit>('kg');
  const [age, setAge] = useState(() => patient?.ageYears?.toString() ?? '');
  const [confirmedWeight, setConfirmedWeight] = useState(false);
  const [sbp, setSbp] = useState(() => [...(fields?.vitals ?? [])].reverse().find((v) => v.systolic !== undefined)?.systolic?.toString() ?? '');
  const [pde5, setPde5] = useState(false);
  const [baseOrder, setBaseOrder] = useState(false);
  const [homeMeds, setHomeMeds] = useState('');
  const [recorded, setRecorded] = useState<{ id: string; result: DoseResult } | null>(null);
  // Repeat intervals are measured against the clock: refresh it while the screen is open.
  const [now, setNow] = useState(() => new Date().toISOString());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date().toISOString()), 15_000);
    return () => clearInterval(timer);
  }, []);

  const stored = useLiveQuery(() => (patient ? dosesForContext(db, patient.id) : Promise.resolve([])), [db, patient?.id]);
  const given = useMemo(() => givenDosesFrom(stored.value ?? []), [stored.value]);

  const record = medication ? formulary?.byId(medication) : undefined;
  const med = formulary?.dosable.find((m) => m.id === medication);
  const activeRoute = med && med.routes.length === 1 ? med.routes[0]! : route;
  const indications = record && activeRoute ? record.indications.filter((i) => record.rules.some((r) => r.routes.includes(activeRoute as Route) && r.indications.includes(i.id))) : [];
  const asksSbp = record?.rules.some((r) => r.hold_below_sbp_mmhg !== undefined || r.dose.kind === 'by_sbp') ?? false;
  const asksPde5 = record?.interactions.some((i) => i.request_flag === 'pde5_inhibitor_within_48h') ?? false;

  const request = useMemo((): DoseRequest | null => {
    if (!med || !activeRoute) return null;
    const r: DoseRequest = { medication: med.id, route: activeRoute, now };
    if (indication) r.indication = indication;
    if (unit === 'kg') r.weight_kg = weight;
    else r.weight_lb = weight;
    const years = num(age);
    if (years !== undefined) r.age_years = years;
    if (confirmedWeight) r.weight_confirmed = true;
    const systolic = num(sbp);
    if (asksSbp && systolic !== undefined) r.sbp_mmhg = Math.round(systolic);
    if (asksPde5 && pde5) r.pde5_inhibitor_within_48h = true;
    if (baseOrder) r.base_order = true;
    if (fields?.allergies.length) r.allergies = fields.allergies;
    const own = homeMeds.split(',').map((m) => m.trim()).filter(Boolean);
    if (own.length > 0) r.home_medications = own;
    if (given.doses.length > 0) r.given_doses = given.doses;
    return r;
  }, [med, activeRoute, indication, weight, unit, age, confirmedWeight, sbp, asksSbp, pde5, asksPde5, baseOrder, fields, homeMeds, given, now]);

  // With a patient open, wait for its recorded doses: a dose calculated without them could pass the max total.
  const dosesLoaded = !patient || stored.value !== undefined;
  const outcome = request && weight.trim() !== '' && dosesLoaded ? calculateDose(request, formulary) : null;
  const shown = recorded?.result ?? (outcome?.ok ? outcome.value : null);

  async function confirm() {
    if (!request || !outcome?.ok) return;
    const saved = await confirmDose(db, { request, result: outcome.value, contextId: patient?.id ?? null });
    setRecorded({ id: saved.id, result: outcome.value });
  }

  function reset(change: () => void) {
    change();
    setRecorded(null);
  }

  return (
    <section className="panel dosing">
      <h1 id="screen-title">Medication dosing</h1>
      <p className="search-context">
        Children on the tape (3-36 kg) per MCG 1309; adults, 15 and older or longer than the tape, per the Drug Reference.
        {patient ? ` Patient open: ${given.doses.length} ${given.doses.length === 1 ? 'dose' : 'doses'} given${fields?.allergies.length ? `, allergies: ${fields.allergies.join(', ')}` : ''}.` : ''}
      </p>
      {formularyState.status !== 'ready' && (
        <p className={formularyState.status === 'failed' ? 'refusal' : 'search-context'} role={formularyState.status === 'failed' ? 'alert' : 'status'} data-testid="formulary-status">
          {formularyState.status === 'failed' ? `No doses can be calculated: ${formularyState.message}` : 'Loading the formulary…'}
        </p>
      )}
      {given.unreadable > 0 && (
        <p className="refusal" role="alert">
          {given.unreadable} recorded dose(s) for this patient could not be read: totals below may be too low. Check the Patient screen.
        </p>
      )}
      {record && record.status !== 'calculated' && (
        <div className="refusal" role="alert" data-testid="dose-refusal" data-code={record.status === 'titrated' ? 'TITRATED_NOT_CALCULATED' : 'NOT_IN_FORMULARY'}>
          <strong>Not calculated.</strong> {record.guidance}
        </div>
      )}
      {!recorded && outcome && !outcome.ok && (
        <div className="refusal" role="alert" data-testid="dose-refusal" data-code={outcome.error.code}>
          <strong>Not calculated.</strong> {outcome.error.message}
          {outcome.error.code === 'WEIGHT_IMPLAUSIBLE_FOR_AGE' && (
            <button type="button" className="button" onClick={() => setConfirmedWeight(true)}>
              The weight is right
            </button>
          )}
          {(outcome.error.code === 'MAX_DOSES_REACHED' || outcome.error.code === 'MAX_TOTAL_REACHED') && !baseOrder && (
            <button type="button" className="button" onClick={() => setBaseOrder(true)}>
              Base has ordered more
            </button>
          )}
        </div>
      )}
      {shown && <DoseResultView result={shown} recorded={recorded !== null} onConfirm={() => void confirm()} onNext={() => setRecorded(null)} />}

      {formulary && (
        <MedicationPicker
          key={formularyState.status === 'ready' ? formularyState.datasetVersion : ''}
          formulary={formulary}
          selected={record ? medication : null}
          onSelect={(id) => reset(() => { setMedication(id); setRoute(''); setIndication(''); setBaseOrder(false); setPde5(false); })}
        />
      )}

      {med && med.routes.length > 1 && (
        <fieldset className="segmented">
          <legend>Route</legend>
          {med.routes.map((r) => (
            <button key={r} type="button" aria-pressed={activeRoute === r} onClick={() => reset(() => { setRoute(r); setIndication(''); })}>
              {r}
            </button>
          ))}
        </fieldset>
      )}
      {indications.length > 1 && (
        <fieldset className="segmented">
          <legend>Indication</legend>
          {indications.map((i) => (
            <button key={i.id} type="button" aria-pressed={indication === i.id} onClick={() => reset(() => setIndication(indication === i.id ? '' : i.id))}>
              {i.id}
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

      {!shown && <WeightBand weight={weight} unit={unit} />}

      {asksSbp && (
        <div className="field-row">
          <div className="field">
            <label htmlFor="dose-sbp">SBP (mmHg)</label>
            <input id="dose-sbp" inputMode="numeric" value={sbp} onChange={(e) => reset(() => setSbp(e.target.value))} />
          </div>
        </div>
      )}
      {asksPde5 && (
        <label className="check">
          <input type="checkbox" checked={pde5} onChange={(e) => reset(() => setPde5(e.target.checked))} /> PDE-5 inhibitor (sildenafil, tadalafil, vardenafil) in the last 48 h
        </label>
      )}
      {med && (
        <label className="check">
          <input type="checkbox" checked={baseOrder} onChange={(e) => reset(() => setBaseOrder(e.target.checked))} /> Base has ordered doses beyond the before-Base limits
        </label>
      )}
      <div className="field">
        <label htmlFor="dose-home-meds">Patient’s own medications (optional, comma separated)</label>
        <input id="dose-home-meds" value={homeMeds} onChange={(e) => reset(() => setHomeMeds(e.target.value))} />
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
