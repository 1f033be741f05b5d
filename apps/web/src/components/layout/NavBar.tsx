import { useUnreadCount } from "../../hooks/queries";
import { hrefFor, type Route, type TopLevelRoute } from "../../lib/routes";
import { trpc } from "../../trpc";
import { Icon, type IconName } from "../common/Icon";

const items: { route: TopLevelRoute; label: string; icon: IconName }[] = [
  { route: "home", label: "Home", icon: "home" },
  { route: "notifications", label: "Notifications", icon: "bell" },
  { route: "bookmarks", label: "Bookmarks", icon: "bookmark" },
  { route: "match", label: "Match", icon: "spark" },
  { route: "profile", label: "Profile", icon: "user" },
  { route: "stats", label: "Stats", icon: "chart" },
];

/** Which tab a route belongs to (a thread belongs to Home; people and topic pages to none). */
function sectionOf(route: Route): TopLevelRoute | null {
  if (route.name === "post") return "home";
  if (route.name === "user" || route.name === "followers" || route.name === "following" || route.name === "topic")
    return null;
  return route.name;
}

export function NavBar({ route }: { route: Route }) {
  const unread = useUnreadCount();
  const current = sectionOf(route);
  // My own page (and its follower lists): its own tab.
  const me = trpc.auth.me.useQuery().data;
  const onMyPage = me !== undefined && "username" in route && route.username === me.username;
  return (
    <nav className="nav" aria-label="Main">
      <ul className="nav-list">
        {items.map((item) => (
          <li key={item.route}>
            <a
              className="nav-link"
              href={hrefFor({ name: item.route })}
              aria-current={current === item.route ? "page" : undefined}
            >
              <Icon name={item.icon} />
              <span className="nav-label">{item.label}</span>
              {item.route === "notifications" && unread !== undefined && unread > 0 && (
                <span className="badge" data-testid="unread-badge">
                  <span aria-hidden="true">{unread > 99 ? "99+" : unread}</span>
                  <span className="sr-only">, {unread} unread</span>
                </span>
              )}
            </a>
          </li>
        ))}
        {me && (
          <li>
            <a
              className="nav-link"
              href={hrefFor({ name: "user", username: me.username })}
              aria-current={onMyPage ? "page" : undefined}
            >
              <Icon name="page" />
              <span className="nav-label">My page</span>
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}
