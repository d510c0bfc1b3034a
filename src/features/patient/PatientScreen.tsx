import { ComingNext } from '../shared/ComingNext';

export function PatientScreen() {
  return (
    <ComingNext title="Patient">
      <p>
        This screen will hold the current patient: age, sex, weight, chief complaint, vitals and allergies, encrypted
        on this device and erased 24 hours after it was opened.
      </p>
    </ComingNext>
  );
}
