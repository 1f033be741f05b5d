import { useEffect, useRef } from "react";
import { useRoute } from "../hooks/useRoute";
import { useScrollMemory } from "../hooks/useScrollMemory";
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
  useScrollMemory(JSON.stringify(route));
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
    return focusWhenDrawn("view-title");
  }, [key]);
}

/** Focuses the element once it exists: a screen loaded on demand draws its title a moment after the route changes. */
function focusWhenDrawn(id: string): () => void {
  let frame = 0;
  const deadline = performance.now() + 3_000;
  const attempt = () => {
    // While a lazy screen loads, Suspense keeps the previous one mounted but hidden (with its own title): skip it.
    const element = document.getElementById(id);
    if (element && element.getClientRects().length > 0) element.focus({ preventScroll: true });
    else if (performance.now() < deadline) frame = requestAnimationFrame(attempt);
  };
  frame = requestAnimationFrame(attempt);
  return () => cancelAnimationFrame(frame);
}
