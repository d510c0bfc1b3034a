import { ComingNext } from '../shared/ComingNext';

export function SearchScreen() {
  return (
    <ComingNext title="Protocol search">
      <p>
        This screen will find a treatment protocol in a few keystrokes with no signal: by code (1211, 1210-P), by
        name, or by the words crews use (CP, SOB, not breathing, bee sting).
      </p>
      <p>The protocol dataset is not on this device yet, so there is nothing to search.</p>
    </ComingNext>
  );
}
