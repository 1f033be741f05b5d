import { useEffect, useRef } from "react";
import { useRoute } from "../hooks/useRoute";
import { useSessionStreams } from "../hooks/useSessionStreams";
import type { User } from "../trpc";
import { AppHeader } from "./AppHeader";
import { CurrentView } from "./layout/CurrentView";
import { NavBar } from "./layout/NavBar";
import { SkipLink } from "./layout/SkipLink";
import { UnreadAnnouncer } from "./layout/UnreadAnnouncer";
import { TrendingPanel } from "./trending/TrendingPanel";

export function AppShell({ user }: { user: User }) {
  useSessionStreams(user);
  const route = useRoute();
  useFocusOnNavigation(route);
  const withSidebar = route.name === "home" || route.name === "post";

  return (
    <div className="shell">
      <SkipLink />
      <AppHeader user={user} />
      <NavBar route={route} />
      <div className={withSidebar ? "layout layout-with-sidebar" : "layout"}>
        <main id="main" className="shell-main" tabIndex={-1}>
          <CurrentView route={route} user={user} />
        </main>
        {withSidebar && (
          <aside className="sidebar" aria-label="Trending">
            <TrendingPanel />
          </aside>
        )}
      </div>
      <UnreadAnnouncer />
    </div>
  );
}

/** After an in-app navigation (not the first render), move focus to the new screen's title. */
function useFocusOnNavigation(route: unknown) {
  const first = useRef(true);
  const key = JSON.stringify(route);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void key;
    window.scrollTo({ top: 0 });
    requestAnimationFrame(() => document.getElementById("view-title")?.focus({ preventScroll: true }));
  }, [key]);
}
