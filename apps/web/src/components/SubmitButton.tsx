type SubmitButtonProps = {
  pending: boolean;
  label: string;
  pendingLabel: string;
  disabled?: boolean;
  /** While pending, stay focusable (aria-disabled) so keyboard focus is not dropped; the form must ignore resubmits. */
  keepFocus?: boolean;
};

export function SubmitButton({ pending, label, pendingLabel, disabled = false, keepFocus = false }: SubmitButtonProps) {
  const locked = keepFocus ? disabled : pending || disabled;
  return (
    <button
      type="submit"
      className="button button-primary"
      disabled={locked}
      aria-disabled={keepFocus && pending ? true : undefined}
      aria-busy={pending}
    >
      {pending && <span className="spinner" aria-hidden="true" />}
      {pending ? pendingLabel : label}
    </button>
  );
}
