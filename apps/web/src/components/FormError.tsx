/** Always mounted so screen readers announce the message when it appears. */
export function FormError({ message }: { message: string | null }) {
  return (
    <div className="form-error" aria-live="assertive" aria-atomic="true">
      {message && <p>{message}</p>}
    </div>
  );
}
