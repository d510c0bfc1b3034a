import { ComingNext } from './ComingNext';

export function NarrativeScreen() {
  return (
    <ComingNext title="Narrative">
      <p>
        This screen will draft the patient care narrative (SOAP or chronological) from the patient context, save it on
        this device and send it when a connection appears.
      </p>
    </ComingNext>
  );
}
