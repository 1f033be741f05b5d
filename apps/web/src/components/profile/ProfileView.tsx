import type { User } from "../../api-types";
import { isNotFound } from "../../errors";
import { trpc } from "../../trpc";
import { ErrorNotice } from "../common/ErrorNotice";
import { LoadingState } from "../common/LoadingState";
import { ViewHeading } from "../common/ViewHeading";
import { ProfileForm } from "./ProfileForm";

export function ProfileView({ user }: { user: User }) {
  const utils = trpc.useUtils();
  const profile = trpc.profile.get.useQuery({ userId: user.id });
  // No profile yet is a normal first state: an empty form.
  const missing = isNotFound(profile.error);

  return (
    <section className="view" aria-labelledby="view-title">
      <ViewHeading>Your profile</ViewHeading>
      <p className="muted">
        Matching uses your interests first, then your bio, city and time zone. Only you can edit this.
      </p>
      {profile.isPending ? (
        <LoadingState label="Loading your profile…" />
      ) : profile.isError && !missing ? (
        <ErrorNotice
          title="Your profile could not be loaded"
          error={profile.error}
          retrying={profile.isFetching}
          onRetry={() => void profile.refetch()}
        />
      ) : (
        <>
          {missing && <p className="notice">You have no profile yet. Fill it in to get matched — it takes a minute.</p>}
          <ProfileForm
            profile={profile.data ?? null}
            onSaved={(saved) => {
              utils.profile.get.setData({ userId: user.id }, saved);
            }}
          />
        </>
      )}
    </section>
  );
}
