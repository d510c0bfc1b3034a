import { ComingNext } from '../shared/ComingNext';

export function DosingScreen() {
  return (
    <ComingNext title="Medication dosing">
      <p>
        This screen will give weight-based doses in mg and mL, with the colour band for children on the length-based
        tape and every safety warning.
      </p>
      <p>No dosing is offered until the dosing engine is in place: Rigside never guesses a dose.</p>
    </ComingNext>
  );
}
