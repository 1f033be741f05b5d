import { hrefFor } from "../../lib/routes";

type UserLinkProps = { user: { username: string; displayName: string }; showHandle?: boolean };

export function UserLink({ user, showHandle = true }: UserLinkProps) {
  return (
    <a className="user-link" href={hrefFor({ name: "user", username: user.username })}>
      <bdi className="user-link-name">{user.displayName}</bdi>
      {showHandle && <span className="user-link-handle">@{user.username}</span>}
    </a>
  );
}
