import type { TypingUser } from "../../api-types";
import { describeTyping } from "../../lib/typing";

/** PostgreSQL cannot store a NUL, so no name holds one: it marks where each name goes in the sentence. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL is the point, a delimiter no name can contain.
const SLOT = /\u0000(\d+)\u0000/;

/** The sentence of describeTyping with each name in its own <bdi>: a right-to-left name cannot reorder the rest. */
function TypingSentence({ users }: { users: readonly TypingUser[] }) {
  const parts = describeTyping(users.map((_, index) => ({ displayName: `\u0000${index}\u0000` }))).split(SLOT);
  // split() with a capture group alternates text and captured slot numbers.
  return parts.map((part, index) =>
    index % 2 === 1 ? <bdi key={`name-${part}`}>{users[Number(part)]?.displayName}</bdi> : part,
  );
}

/** Always mounted (an empty live region), so each change is announced politely. */
export function TypingIndicator({ users }: { users: readonly TypingUser[] }) {
  return (
    <p className="typing-indicator" aria-live="polite">
      {users.length > 0 && (
        <>
          <span className="typing-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          <TypingSentence users={users} />
        </>
      )}
    </p>
  );
}
