type CharCounterProps = { id: string; length: number; max: number };

/** Visible "n/max"; screen readers hear the remaining count only when it gets close (polite, not every key). */
export function CharCounter({ id, length, max }: CharCounterProps) {
  const remaining = max - length;
  const state = remaining < 0 ? "over" : remaining <= 20 ? "near" : "ok";
  return (
    <span id={id} className={`char-counter char-counter-${state}`}>
      <span aria-hidden="true">
        {length}/{max}
      </span>
      <span className="sr-only" aria-live="polite">
        {state === "ok"
          ? `${max} characters at most`
          : remaining < 0
            ? `${-remaining} characters over the limit`
            : `${remaining} characters left`}
      </span>
    </span>
  );
}
