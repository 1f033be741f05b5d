import type { MatchedPerson } from "../../api-types";
import { formatPercent } from "../../lib/format";
import { UserLink } from "../common/UserLink";
import { FollowButton } from "./FollowButton";

export function MatchCard({ person, rank }: { person: MatchedPerson; rank: number }) {
  const { user, score, reasons, reasonText, profile } = person;
  const place = [profile.city, profile.timezone].filter(Boolean).join(" · ");
  return (
    <article className="card match-card" aria-labelledby={`match-${user.id}`}>
      <header className="match-card-header">
        <span className="match-rank" aria-hidden="true">
          {rank}
        </span>
        <h3 id={`match-${user.id}`} className="match-name">
          <span className="sr-only">Match {rank}: </span>
          <UserLink user={user} />
        </h3>
        <p className="match-score" title="How well you match, 0–100%">
          <strong>{formatPercent(score)}</strong> match
        </p>
      </header>
      {reasons.length > 0 && <p className="match-reasons">{reasonText}</p>}
      {place && <p className="muted match-place">{place}</p>}
      {profile.interestTags.length > 0 && (
        <ul className="chips chips-static" aria-label="Interests">
          {profile.interestTags.map((tag) => (
            <li key={tag} className="chip">
              {tag}
            </li>
          ))}
        </ul>
      )}
      <FollowButton userId={user.id} name={user.displayName} />
    </article>
  );
}
