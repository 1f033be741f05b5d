import type { MatchOutcome } from "../../api-types";
import { EmptyState } from "../common/EmptyState";
import { MatchCard } from "./MatchCard";

export function MatchResults({ result }: { result: MatchOutcome }) {
  if (result.matches.length === 0) {
    return (
      <EmptyState title="No matches yet">
        <p className="muted">Nobody close enough yet — try more interests, or come back as more people join.</p>
      </EmptyState>
    );
  }
  return (
    <>
      <p className="muted match-summary">
        {result.matches.length} {result.matches.length === 1 ? "person" : "people"} from {result.candidatesConsidered}{" "}
        considered, in {Math.round(result.tookMs)} ms.
      </p>
      <ol className="match-list" aria-label="Your matches, best first">
        {result.matches.map((person, index) => (
          <li key={person.user.id}>
            <MatchCard person={person} rank={index + 1} />
          </li>
        ))}
      </ol>
    </>
  );
}
