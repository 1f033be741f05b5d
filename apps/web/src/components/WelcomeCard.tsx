import type { ReactNode } from "react";
import { hrefFor } from "../lib/routes";
import type { User } from "../trpc";

/** What a new user sees instead of an empty feed: where to start, then `children` (who to follow, on Home). */
export function WelcomeCard({ user, children }: { user: User; children?: ReactNode }) {
  return (
    <section className="card welcome-card" aria-labelledby="welcome-title">
      <h2 id="welcome-title">
        Welcome, <bdi>{user.displayName}</bdi>
      </h2>
      <p>Your feed, notifications and matches arrive here live — no need to refresh.</p>
      <ol className="welcome-steps">
        <li>
          <a href={hrefFor({ name: "profile" })}>Fill in your profile</a> — a few interests, your city and time zone.
        </li>
        <li>
          <a href={hrefFor({ name: "match" })}>Find your people</a> and follow them: their posts land here.
        </li>
        <li>Say hello above — #topics and @mentions are highlighted and reach the right people.</li>
      </ol>
      {children}
    </section>
  );
}
