export function LoadingScreen() {
  return (
    <main className="center-screen" aria-busy="true">
      <p className="status" role="status">
        <span className="spinner" aria-hidden="true" />
        Loading Pulse…
      </p>
    </main>
  );
}
