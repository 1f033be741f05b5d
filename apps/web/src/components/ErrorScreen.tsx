import { describeError } from "../errors";

type ErrorScreenProps = {
  error: unknown;
  retrying: boolean;
  onRetry: () => void;
};

export function ErrorScreen({ error, retrying, onRetry }: ErrorScreenProps) {
  return (
    <main className="center-screen">
      <section className="card error-card" aria-labelledby="error-title">
        <h1 id="error-title">Pulse can't load right now</h1>
        <div aria-live="assertive" aria-atomic="true">
          <p>{describeError(error)}</p>
        </div>
        <button
          type="button"
          className="button button-primary"
          disabled={retrying}
          aria-busy={retrying}
          onClick={onRetry}
        >
          {retrying ? "Retrying…" : "Try again"}
        </button>
      </section>
    </main>
  );
}
