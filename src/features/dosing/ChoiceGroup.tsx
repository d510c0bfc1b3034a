/** A row of large toggle buttons (route, indication, unit): one pressed at a time. */
export function ChoiceGroup<T extends string>({
  legend,
  hideLegend = false,
  id,
  choices,
  chosen,
  onChoose,
}: {
  legend: string;
  hideLegend?: boolean;
  id?: string;
  choices: ReadonlyArray<{ value: T; label: string }>;
  chosen: T | null;
  onChoose: (value: T) => void;
}) {
  return (
    <fieldset className="segmented" id={id}>
      <legend className={hideLegend ? 'visually-hidden' : undefined}>{legend}</legend>
      {choices.map((c) => (
        <button key={c.value} type="button" aria-pressed={chosen === c.value} onClick={() => onChoose(c.value)}>
          {c.label}
        </button>
      ))}
    </fieldset>
  );
}
