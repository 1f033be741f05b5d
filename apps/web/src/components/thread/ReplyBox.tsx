import type { Tweet } from "../../api-types";
import { useTypingNotifier, useTypingUsers } from "../../hooks/useTyping";
import { Composer } from "../home/Composer";
import { TypingIndicator } from "./TypingIndicator";

type ReplyBoxProps = { tweet: Tweet; myUserId: string; onReplied: () => void };

/** The reply composer of a thread, with who else is typing a reply right now. */
export function ReplyBox({ tweet, myUserId, onReplied }: ReplyBoxProps) {
  const typing = useTypingNotifier(tweet.id);
  const others = useTypingUsers(tweet.id, myUserId);
  return (
    <div className="reply-box">
      <Composer
        label={`Reply to ${tweet.author.displayName}`}
        placeholder={`Reply to @${tweet.author.username}`}
        submitLabel="Reply"
        replyToId={tweet.id}
        onType={typing.typed}
        onStop={typing.stopped}
        onPosted={onReplied}
      />
      <TypingIndicator users={others} />
    </div>
  );
}
