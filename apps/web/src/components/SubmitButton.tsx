type SubmitButtonProps = {
  pending: boolean;
  label: string;
  pendingLabel: string;
  disabled?: boolean;
};

export function SubmitButton({ pending, label, pendingLabel, disabled = false }: SubmitButtonProps) {
  return (
    <button type="submit" className="button button-primary" disabled={pending || disabled} aria-busy={pending}>
      {pending && <span className="spinner" aria-hidden="true" />}
      {pending ? pendingLabel : label}
    </button>
  );
}
