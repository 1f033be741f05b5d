import { hrefFor } from "../lib/routes";
import type { User } from "../trpc";
import { LogoutButton } from "./LogoutButton";
import { ConnectionIndicator } from "./layout/ConnectionIndicator";

export function AppHeader({ user }: { user: User }) {
  return (
    <header className="header">
      <a className="brand" href={hrefFor({ name: "home" })}>
        Pulse
      </a>
      <ConnectionIndicator />
      <div className="header-user">
        <p className="user-names">
          <bdi className="user-display-name">{user.displayName}</bdi>
          <span className="user-handle">@{user.username}</span>
        </p>
        <LogoutButton />
      </div>
    </header>
  );
}
