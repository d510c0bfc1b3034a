import { useEffect, useMemo, useState } from 'react';
import { confirmDose } from '../../app/actions/clinical-acts';
import { useActivePatient } from '../../app/active-patient-store';
import { useFormulary } from '../../app/formulary-store';
import { runAction } from '../../app/run-action';
import { useServices } from '../../app/services';
import { useUi } from '../../app/ui-store';
import { useLiveQuery } from '../../app/use-live-query';
import { dosesForContext, givenDosesFrom } from '../../data/dosing-records';
import { readChangeNote } from '../../data/reference-changes';
import { WhatChanged } from '../../app/WhatChanged';
import { calculateDose, type DoseResult } from '../../domain/dosing/engine';
import { ChoiceGroup } from './ChoiceGroup';
import { assembleDoseRequest, doseQuestions, type DoseForm } from './dose-request';
import { DoseRefusal } from './DoseRefusal';
import { DoseResultView } from './DoseResultView';
import { MedicationPicker } from './MedicationPicker';
import { TapeColourPicker } from './TapeColourPicker';
import { WeightBand } from './WeightBand';
import './dosing.css';

const UNITS = [
  { value: 'kg', label: 'kg' },
  { value: 'lb', label: 'lb' },
] as const;

/**
 * Pick a medication, give a weight (or a tape colour), read the dose in mg and mL with its
 * warnings, confirm to record. With a patient open, its weight, age, allergies, latest SBP
 * and the doses already given feed the calculation. The formulary is the one mirrored on the
 * device (src/app/formulary-store.ts); without one, nothing is calculated.
 */
export function DosingScreen() {
  const { db } = useServices();
  const preset = useUi((s) => s.medication);
  const patient = useActivePatient((s) => s.active);
  const fields = patient?.context.fields;
  const formularyState = useFormulary((s) => s.state);
  const formulary = formularyState.formulary;
  const [medication, setMedication] = useState<string | null>(preset);
  const [form, setForm] = useState<DoseForm>(() => ({
    route: '',
    indication: '',
    weight: patient?.weightKg?.toString() ?? '',
    weightUnit: 'kg',
    age: patient?.ageYears?.toString() ?? '',
    weightConfirmed: false,
    sbp:
      [...(fields?.vitals ?? [])]
        .reverse()
        .find((v) => v.systolic !== undefined)
        ?.systolic?.toString() ?? '',
    pde5: false,
    baseOrder: false,
    homeMedications: '',
  }));
  const [recorded, setRecorded] = useState<{ id: string; result: DoseResult } | null>(null);
  // Repeat intervals are measured against the clock: refresh it while the screen is open.
  const [now, setNow] = useState(() => new Date().toISOString());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date().toISOString()), 15_000);
    return () => clearInterval(timer);
  }, []);

  const stored = useLiveQuery(
    () => (patient ? dosesForContext(db, patient.id) : Promise.resolve([])),
    [db, patient?.id],
  );
  const given = useMemo(() => givenDosesFrom(stored.value ?? []), [stored.value]);

  const record = medication ? formulary?.byId(medication) : undefined;
  const changeNote = useLiveQuery(
    () => (medication ? readChangeNote(db, 'medication', medication) : Promise.resolve(null)),
    [db, medication],
  );
  const dosable = formulary?.dosable.find((m) => m.id === medication);
  const questions = useMemo(() => doseQuestions(record, dosable, form.route), [record, dosable, form.route]);
  const patientContext = useMemo(
    () => (patient ? { allergies: fields?.allergies ?? [], given: given.doses } : null),
    [patient, fields, given],
  );
  const request = useMemo(
    () => assembleDoseRequest(dosable, questions, form, patientContext, now),
    [dosable, questions, form, patientContext, now],
  );

  // With a patient open, wait for its recorded doses: a dose calculated without them could pass the max total.
  const dosesLoaded = !patient || stored.value !== undefined;
  const outcome = request && dosesLoaded ? calculateDose(request, formulary) : null;
  const shown = recorded?.result ?? (outcome?.ok ? outcome.value : null);

  /** Any change to the inputs makes a recorded dose history: the screen offers a new calculation. */
  function change(patch: Partial<DoseForm>) {
    setForm((f) => ({ ...f, ...patch }));
    setRecorded(null);
  }

  async function confirm() {
    if (!request || !outcome?.ok) return;
    const saved = await confirmDose(db, { request, result: outcome.value, contextId: patient?.id ?? null });
    setRecorded({ id: saved.id, result: outcome.value });
  }

  return (
    <section className="panel dosing">
      <h1 id="screen-title">Medication dosing</h1>
      <p className="search-context">
        Children on the tape (3-36 kg) per MCG 1309; adults, 15 and older or longer than the tape, per the Drug
        Reference.
        {patient
          ? ` Patient open: ${given.doses.length} ${given.doses.length === 1 ? 'dose' : 'doses'} given${fields?.allergies.length ? `, allergies: ${fields.allergies.join(', ')}` : ''}.`
          : ''}
      </p>
      {formularyState.status === 'failed' && (
        <p className="refusal" role="alert" data-testid="formulary-status">
          No doses can be calculated: {formularyState.message}
        </p>
      )}
      {formularyState.status === 'loading' && (
        <p className="search-context" role="status" data-testid="formulary-status">
          Loading the formulary…
        </p>
      )}
      {given.unreadable > 0 && (
        <p className="refusal" role="alert" data-testid="unreadable-doses">
          {given.unreadable} recorded dose(s) for this patient could not be read: the totals and repeat checks below
          leave them out. Check the Patient screen.
        </p>
      )}
      {record && changeNote.value && (
        <WhatChanged note={changeNote.value} pulledAt={changeNote.value.pulled_at} what={record.name} />
      )}
      {record && record.status !== 'calculated' && (
        <div
          className="refusal"
          role="alert"
          data-testid="dose-refusal"
          data-code={record.status === 'titrated' ? 'TITRATED_NOT_CALCULATED' : 'NOT_IN_FORMULARY'}
        >
          <strong>Not calculated.</strong> {record.guidance}
        </div>
      )}
      {!recorded && outcome && !outcome.ok && (
        <DoseRefusal
          error={outcome.error}
          baseOrdered={form.baseOrder}
          onConfirmWeight={() => change({ weightConfirmed: true })}
          onBaseOrder={() => change({ baseOrder: true })}
        />
      )}
      {shown && (
        <DoseResultView
          result={shown}
          recorded={recorded !== null}
          onConfirm={() => runAction('Recording the dose', confirm)}
          onNext={() => setRecorded(null)}
        />
      )}

      {formulary && (
        // Not keyed by the dataset: a pull that lands while the crew types keeps what they typed,
        // and the list and the dose follow the new formulary.
        <MedicationPicker
          formulary={formulary}
          selected={record ? medication : null}
          onSelect={(id) => {
            setMedication(id);
            change({ route: '', indication: '', baseOrder: false, pde5: false });
          }}
        />
      )}

      {dosable && dosable.routes.length > 1 && (
        <ChoiceGroup
          legend="Route"
          choices={dosable.routes.map((r) => ({ value: r, label: r }))}
          chosen={questions.route}
          onChoose={(route) => change({ route, indication: '' })}
        />
      )}
      {questions.indications.length > 1 && (
        <ChoiceGroup
          legend="Indication"
          choices={questions.indications.map((i) => ({ value: i.id, label: i.id }))}
          chosen={form.indication || null}
          onChoose={(indication) => change({ indication: form.indication === indication ? '' : indication })}
        />
      )}

      <div className="field-row">
        <div className="field">
          <label htmlFor="dose-weight">Weight</label>
          <input
            id="dose-weight"
            inputMode="decimal"
            value={form.weight}
            onChange={(e) => change({ weight: e.target.value, weightConfirmed: false })}
            aria-describedby="weight-unit"
          />
        </div>
        <ChoiceGroup
          legend="Weight unit"
          hideLegend
          id="weight-unit"
          choices={UNITS}
          chosen={form.weightUnit}
          onChoose={(weightUnit) => change({ weightUnit })}
        />
        <div className="field">
          <label htmlFor="dose-age">Age (yrs)</label>
          <input id="dose-age" inputMode="decimal" value={form.age} onChange={(e) => change({ age: e.target.value })} />
        </div>
      </div>

      {!shown && <WeightBand weight={form.weight} unit={form.weightUnit} />}

      {questions.asksSbp && (
        <div className="field-row">
          <div className="field">
            <label htmlFor="dose-sbp">SBP (mmHg)</label>
            <input
              id="dose-sbp"
              inputMode="numeric"
              value={form.sbp}
              onChange={(e) => change({ sbp: e.target.value })}
            />
          </div>
        </div>
      )}
      {questions.asksPde5 && (
        <label className="check">
          <input type="checkbox" checked={form.pde5} onChange={(e) => change({ pde5: e.target.checked })} /> PDE-5
          inhibitor (sildenafil, tadalafil, vardenafil) in the last 48 h
        </label>
      )}
      {dosable && (
        <label className="check">
          <input type="checkbox" checked={form.baseOrder} onChange={(e) => change({ baseOrder: e.target.checked })} />{' '}
          Base has ordered doses beyond the before-Base limits
        </label>
      )}
      <div className="field">
        <label htmlFor="dose-home-meds">Patient’s own medications (optional, comma separated)</label>
        <input
          id="dose-home-meds"
          value={form.homeMedications}
          onChange={(e) => change({ homeMedications: e.target.value })}
        />
      </div>

      <TapeColourPicker onPick={(weightKg) => change({ weightUnit: 'kg', weight: String(weightKg) })} />
    </section>
  );
}
