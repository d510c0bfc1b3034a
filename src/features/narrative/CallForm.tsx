import { useServices } from '../../app/services';
import { useLiveQuery } from '../../app/use-live-query';
import { listImpressions } from '../../data/reference-reads';

/** Words a crew picks from for each NEMSIS field the patient record does not hold. None is preselected. */
const OPTIONS: Record<string, Array<[string, string]>> = {
  dispatchReason: [
    ['abdominal_pain', 'Abdominal pain'],
    ['allergic_reaction', 'Allergic reaction / stings'],
    ['altered_mental_status', 'Altered mental status'],
    ['breathing_problem', 'Breathing problem'],
    ['burns', 'Burns / explosion'],
    ['cardiac_arrest', 'Cardiac arrest / death'],
    ['chest_pain', 'Chest pain'],
    ['choking', 'Choking'],
    ['seizure', 'Convulsions / seizure'],
    ['diabetic_problem', 'Diabetic problem'],
    ['falls', 'Falls'],
    ['headache', 'Headache'],
    ['heart_problem', 'Heart problem / AICD'],
    ['heat_cold_exposure', 'Heat / cold exposure'],
    ['overdose_poisoning', 'Overdose / poisoning'],
    ['pregnancy', 'Pregnancy / childbirth'],
    ['psychiatric', 'Psychiatric / behavioral'],
    ['sick_person', 'Sick person'],
    ['stroke', 'Stroke / CVA'],
    ['traffic_accident', 'Traffic incident'],
    ['traumatic_injury', 'Traumatic injury'],
    ['unconscious_fainting', 'Unconscious / fainting'],
    ['unknown_problem', 'Unknown problem / person down'],
  ],
  serviceType: [
    ['emergency', 'Emergency response'],
    ['intercept', 'Intercept'],
    ['mutual_aid', 'Mutual aid'],
    ['interfacility', 'Hospital-to-hospital transfer'],
    ['standby', 'Standby'],
  ],
  responseMode: [
    ['emergent', 'Emergent'],
    ['emergent_downgraded', 'Emergent, downgraded'],
    ['non_emergent', 'Non-emergent'],
    ['non_emergent_upgraded', 'Non-emergent, upgraded'],
  ],
  unitDisposition: [
    ['patient_contact', 'Patient contact made'],
    ['cancelled_on_scene', 'Cancelled on scene'],
    ['cancelled_prior_to_arrival', 'Cancelled before arrival'],
    ['no_patient_contact', 'No patient contact'],
    ['no_patient_found', 'No patient found'],
  ],
  transport: [
    ['this_unit', 'Transported by this unit'],
    ['another_unit', 'Transported by another unit'],
    ['refused', 'Patient refused transport'],
    ['no_transport', 'No transport'],
  ],
  capability: [
    ['ground_als', 'Ground, ALS'],
    ['ground_bls', 'Ground, BLS'],
    ['non_transport_als', 'Non-transport, ALS'],
    ['non_transport_bls', 'Non-transport, BLS'],
  ],
  crewLevel: [
    ['paramedic', 'Paramedic'],
    ['emt', 'EMT'],
  ],
};

const SELECTS: Array<[string, string]> = [
  ['dispatchReason', 'Dispatch reason'],
  ['serviceType', 'Type of service'],
  ['responseMode', 'Response mode'],
  ['unitDisposition', 'Unit disposition'],
  ['transport', 'Transport'],
];

export function CallForm({
  form,
  onChange,
}: {
  form: Record<string, string>;
  onChange: (form: Record<string, string>) => void;
}) {
  const { db } = useServices();
  const impressions = useLiveQuery(() => listImpressions(db), [db]);
  const set = (key: string, value: string) => onChange({ ...form, [key]: value });
  const select = (key: string, label: string, options: Array<[string, string]>) => (
    <div className="field" key={key}>
      <label htmlFor={`call-${key}`}>{label}</label>
      <select id={`call-${key}`} value={form[key] ?? ''} onChange={(e) => set(key, e.target.value)}>
        <option value="">Choose…</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  const text = (key: string, label: string, extra: { inputMode?: 'numeric'; placeholder?: string } = {}) => (
    <div className="field" key={key}>
      <label htmlFor={`call-${key}`}>{label}</label>
      <input id={`call-${key}`} value={form[key] ?? ''} onChange={(e) => set(key, e.target.value)} {...extra} />
    </div>
  );
  const impressionOptions: Array<[string, string]> = [
    ...new Map((impressions.value ?? []).map((i) => [i.code, `${i.name} (${i.code})`])),
  ];
  return (
    <div className="call-form">
      {SELECTS.map(([key, label]) => select(key, label, OPTIONS[key] ?? []))}
      {select('impression', 'Provider impression', impressionOptions)}
      <div className="field-row">
        {text('dispatchedAt', 'Dispatched at (HH:MM)', { inputMode: 'numeric', placeholder: '14:02' })}
        {text('vehicleNumber', 'Vehicle number')}
      </div>
      <div className="field-row">
        {text('callSign', 'Call sign')}
        {select('capability', 'Unit', OPTIONS['capability'] ?? [])}
      </div>
      <div className="field-row">
        {text('crewId', 'Your crew ID')}
        {select('crewLevel', 'Level', OPTIONS['crewLevel'] ?? [])}
      </div>
    </div>
  );
}
