import { useEffect, useId, useRef, useState } from 'react';

/**
 * A removal that asks first, in place: the button turns into the question, "Keep it" (focused,
 * so Enter or Escape keeps it) and "Yes, remove". Nothing is removed by a single press, and the
 * keyboard user lands back on the button they came from when they keep it.
 */
export function ConfirmRemove({
  label,
  question,
  confirmLabel = 'Yes, remove it',
  onRemove,
}: {
  /** The button ("Remove this rule"). */
  label: string;
  question: string;
  confirmLabel?: string;
  onRemove: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const questionId = useId();
  const keepRef = useRef<HTMLButtonElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  useEffect(() => {
    if (asking) keepRef.current?.focus();
    else if (wasAsking.current) askRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking)
    return (
      <div className="remove-row">
        <button ref={askRef} type="button" className="button small remove-button" onClick={() => setAsking(true)}>
          {label}
        </button>
      </div>
    );
  return (
    <div
      className="confirm-remove"
      role="group"
      aria-labelledby={questionId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          setAsking(false);
        }
      }}
    >
      <p id={questionId}>{question}</p>
      <div className="button-row">
        <button ref={keepRef} type="button" className="button small" onClick={() => setAsking(false)}>
          Keep it
        </button>
        <button type="button" className="button small danger" onClick={onRemove}>
          {confirmLabel}
        </button>
      </div>
    </div>
  );
}
