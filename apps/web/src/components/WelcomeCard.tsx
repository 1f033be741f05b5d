import type { User } from "../trpc";

export function WelcomeCard({ user }: { user: User }) {
  return (
    <section className="card welcome-card" aria-labelledby="welcome-title">
      <h1 id="welcome-title">Welcome, {user.displayName}</h1>
      <p>Your feed, notifications and matches arrive here live — no need to refresh.</p>
      <p className="muted">Nothing new yet. We'll show it the moment it happens.</p>
    </section>
  );
}
