import { useId, type ReactNode } from 'react';

/**
 * A labelled select. The label is tied by id rather than wrapped around the select, so the
 * select's accessible name is the label alone (a wrapping label would add the chosen option).
 */
export function SelectField({
  label,
  value,
  onChange,
  children,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </div>
  );
}
