import { lazy, Suspense } from "react";
import type { User } from "../../api-types";
import type { Route } from "../../lib/routes";
import { LoadingState } from "../common/LoadingState";
import { HomeView } from "../home/HomeView";

// Home is the landing screen and stays in the main bundle; every other screen is its own chunk, fetched on first
// visit, so the first load does not pay for the match finder, the profile editor or the stats.
const NotificationsView = lazy(() =>
  import("../notifications/NotificationsView").then((m) => ({ default: m.NotificationsView })),
);
const BookmarksView = lazy(() => import("../bookmarks/BookmarksView").then((m) => ({ default: m.BookmarksView })));
const MatchView = lazy(() => import("../match/MatchView").then((m) => ({ default: m.MatchView })));
const ProfileView = lazy(() => import("../profile/ProfileView").then((m) => ({ default: m.ProfileView })));
const StatsView = lazy(() => import("../stats/StatsView").then((m) => ({ default: m.StatsView })));
const ThreadView = lazy(() => import("../thread/ThreadView").then((m) => ({ default: m.ThreadView })));
const UserView = lazy(() => import("../user/UserView").then((m) => ({ default: m.UserView })));
const FollowListView = lazy(() => import("../user/FollowListView").then((m) => ({ default: m.FollowListView })));
const TopicView = lazy(() => import("../trending/TopicView").then((m) => ({ default: m.TopicView })));

export function CurrentView({ route, user }: { route: Route; user: User }) {
  return (
    <Suspense fallback={<LoadingState label="Loading…" />}>
      <View route={route} user={user} />
    </Suspense>
  );
}

function View({ route, user }: { route: Route; user: User }) {
  switch (route.name) {
    case "home":
      return <HomeView user={user} />;
    case "notifications":
      return <NotificationsView />;
    case "bookmarks":
      return <BookmarksView />;
    case "match":
      return <MatchView />;
    case "profile":
      return <ProfileView user={user} />;
    case "stats":
      return <StatsView />;
    case "post":
      return <ThreadView key={route.tweetId} tweetId={route.tweetId} user={user} />;
    case "user":
      return <UserView key={route.username} username={route.username} me={user} />;
    case "followers":
    case "following":
      return <FollowListView key={route.username} username={route.username} which={route.name} me={user} />;
    case "topic":
      return <TopicView key={route.topic} topic={route.topic} />;
  }
}
