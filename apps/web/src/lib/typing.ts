import type { TypingUser } from "../api-types";

/** "alice is typing…", "alice and bob are typing…", "alice, bob and 2 others are typing…". */
export function describeTyping(users: readonly Pick<TypingUser, "displayName">[]): string {
  const names = users.map((user) => user.displayName);
  if (names.length === 0) return "";
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  const others = names.length - 2;
  return `${names[0]}, ${names[1]} and ${others} ${others === 1 ? "other" : "others"} are typing…`;
}
