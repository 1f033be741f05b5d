import type { User } from "../../api-types";
import type { Route } from "../../lib/routes";
import { BookmarksView } from "../bookmarks/BookmarksView";
import { HomeView } from "../home/HomeView";
import { MatchView } from "../match/MatchView";
import { NotificationsView } from "../notifications/NotificationsView";
import { ProfileView } from "../profile/ProfileView";
import { StatsView } from "../stats/StatsView";
import { ThreadView } from "../thread/ThreadView";
import { UserView } from "../user/UserView";

export function CurrentView({ route, user }: { route: Route; user: User }) {
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
  }
}
