import type { TypingUser } from "../../api-types";
import { describeTyping } from "../../lib/typing";

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
          {describeTyping(users)}
        </>
      )}
    </p>
  );
}
