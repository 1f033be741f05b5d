type MatchProgressProps = { progress: number; status: "queued" | "running" | "connecting" };

const statusText = {
  connecting: "Starting…",
  queued: "Waiting for a free matcher…",
  running: "Comparing profiles…",
} as const;

export function MatchProgress({ progress, status }: MatchProgressProps) {
  const value = Math.max(0, Math.min(100, Math.round(progress)));
  return (
    <div className="match-progress">
      <div className="match-progress-label">
        <span id="match-progress-label">{statusText[status]}</span>
        <span aria-hidden="true">{value}%</span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-labelledby="match-progress-label"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={`${value}%`}
      >
        <div className="progress-fill" style={{ width: `${value}%` }} />
      </div>
    </div>
  );
}
