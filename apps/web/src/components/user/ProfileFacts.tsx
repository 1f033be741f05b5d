import { isNotFound } from "../../errors";
import { trpc } from "../../trpc";

/** Someone's match profile as facts: bio, interests, city. Nothing when they have not filled one in. */
export function ProfileFacts({ userId, name }: { userId: string; name: string }) {
  const profile = trpc.profile.get.useQuery({ userId });
  if (profile.isPending) return null;
  if (profile.isError) {
    return isNotFound(profile.error) ? (
      <p className="muted profile-facts">
        <bdi>{name}</bdi> has not written a profile yet.
      </p>
    ) : null;
  }
  const { bio, interestTags, city } = profile.data;
  return (
    <dl className="profile-facts" aria-label="Profile">
      {bio.trim() !== "" && (
        <>
          <dt>Bio</dt>
          <dd className="profile-bio">{bio}</dd>
        </>
      )}
      {interestTags.length > 0 && (
        <>
          <dt>Interests</dt>
          <dd>
            <ul className="chips-static" aria-label="Interests">
              {interestTags.map((tag) => (
                <li key={tag} className="chip">
                  {tag}
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
      {city !== "" && (
        <>
          <dt>City</dt>
          <dd>{city}</dd>
        </>
      )}
    </dl>
  );
}
