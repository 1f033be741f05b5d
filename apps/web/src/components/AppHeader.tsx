import type { User } from "../trpc";
import { LogoutButton } from "./LogoutButton";

export function AppHeader({ user }: { user: User }) {
  return (
    <header className="header">
      <p className="brand">Pulse</p>
      <div className="header-user">
        <p className="user-names">
          <span className="user-display-name">{user.displayName}</span>
          <span className="user-handle">@{user.username}</span>
        </p>
        <LogoutButton />
      </div>
    </header>
  );
}
