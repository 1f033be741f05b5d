/** In-app routes kept in the URL hash, so reloads and the back button work without a router. */
export type Route =
  | { name: "home" }
  | { name: "notifications" }
  | { name: "bookmarks" }
  | { name: "match" }
  | { name: "profile" }
  | { name: "stats" }
  | { name: "post"; tweetId: string }
  | { name: "user"; username: string };

export type TopLevelRoute = Extract<
  Route,
  { name: "home" | "notifications" | "bookmarks" | "match" | "profile" | "stats" }
>["name"];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USERNAME = /^[A-Za-z0-9_]{1,30}$/;

export function parseRoute(hash: string): Route {
  const [first, second] = hash.replace(/^#\/?/, "").split("/");
  switch (first) {
    case "notifications":
    case "bookmarks":
    case "match":
    case "profile":
    case "stats":
      return { name: first };
    case "post":
      return second && UUID.test(second) ? { name: "post", tweetId: second.toLowerCase() } : { name: "home" };
    case "u":
      return second && USERNAME.test(second) ? { name: "user", username: second.toLowerCase() } : { name: "home" };
    default:
      return { name: "home" };
  }
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case "home":
      return "#/";
    case "post":
      return `#/post/${route.tweetId}`;
    case "user":
      return `#/u/${route.username}`;
    default:
      return `#/${route.name}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = hrefFor(route);
}
