import type { User } from "../trpc";
import { AppHeader } from "./AppHeader";
import { WelcomeCard } from "./WelcomeCard";

export function AppShell({ user }: { user: User }) {
  return (
    <div className="shell">
      <AppHeader user={user} />
      <main className="shell-main">
        <WelcomeCard user={user} />
      </main>
    </div>
  );
}
