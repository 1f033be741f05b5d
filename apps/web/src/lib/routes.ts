/** In-app routes kept in the URL hash, so reloads and the back button work without a router. */
export type Route =
  | { name: "home" }
  | { name: "notifications" }
  | { name: "bookmarks" }
  | { name: "match" }
  | { name: "profile" }
  | { name: "stats" }
  | { name: "post"; tweetId: string }
  | { name: "user"; username: string }
  | { name: "followers" | "following"; username: string }
  | { name: "topic"; topic: string };

export type TopLevelRoute = Extract<
  Route,
  { name: "home" | "notifications" | "bookmarks" | "match" | "profile" | "stats" }
>["name"];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USERNAME = /^[A-Za-z0-9_]{1,30}$/;
/** As the server extracts topics (letters, digits, _), lower-case. */
const TOPIC = /^[\p{L}\p{N}_]{1,50}$/u;

export function parseRoute(hash: string): Route {
  const [first, second, third] = hash.replace(/^#\/?/, "").split("/");
  switch (first) {
    case "notifications":
    case "bookmarks":
    case "match":
    case "profile":
    case "stats":
      return { name: first };
    case "post":
      return second && UUID.test(second) ? { name: "post", tweetId: second.toLowerCase() } : { name: "home" };
    case "u": {
      if (!second || !USERNAME.test(second)) return { name: "home" };
      const username = second.toLowerCase();
      return third === "followers" || third === "following" ? { name: third, username } : { name: "user", username };
    }
    case "topic": {
      const topic = second === undefined ? "" : safeDecode(second).toLowerCase();
      return TOPIC.test(topic) ? { name: "topic", topic } : { name: "home" };
    }
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
    case "followers":
    case "following":
      return `#/u/${route.username}/${route.name}`;
    case "topic":
      return `#/topic/${encodeURIComponent(route.topic)}`;
    default:
      return `#/${route.name}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = hrefFor(route);
}

/** A hash segment as typed or encoded (#/topic/café or #/topic/caf%C3%A9); a malformed escape is no topic. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return "";
  }
}
