import { describeError } from "../../errors";

type ErrorNoticeProps = {
  title: string;
  error: unknown;
  onRetry?: () => void;
  retrying?: boolean;
};

export function ErrorNotice({ title, error, onRetry, retrying = false }: ErrorNoticeProps) {
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{title}</p>
      <p>{describeError(error)}</p>
      {onRetry && (
        <button type="button" className="button button-secondary" disabled={retrying} onClick={onRetry}>
          {retrying ? "Retrying…" : "Try again"}
        </button>
      )}
    </div>
  );
}
