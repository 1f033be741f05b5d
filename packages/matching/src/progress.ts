/** Wraps an onProgress callback so it only ever sees integers 0–100, strictly increasing (no duplicate frames). */
export function progressReporter(onProgress: ((percent: number) => void) | undefined): (percent: number) => void {
  let last = -1;
  return (percent) => {
    const value = Math.min(100, Math.max(0, Math.floor(percent)));
    if (onProgress === undefined || value <= last) return;
    last = value;
    onProgress(value);
  };
}
