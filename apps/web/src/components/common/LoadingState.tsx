export function LoadingState({ label }: { label: string }) {
  return (
    <p className="status inline-status" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}
