import { useId, useRef, useState } from "react";
import type { Tweet } from "../../api-types";
import { describeError, getFieldErrors } from "../../errors";
import { FEED_PAGE } from "../../hooks/queries";
import { useOnReconnect } from "../../hooks/useOnReconnect";
import { MAX_POST_LENGTH, postLength } from "../../lib/rich-text";
import { insertSending, sendingEntry, settleSending } from "../../live/feed";
import { trpc } from "../../trpc";
import { CharCounter } from "../common/CharCounter";
import { FormError } from "../FormError";
import { SubmitButton } from "../SubmitButton";

type ComposerProps = {
  label: string;
  placeholder: string;
  submitLabel: string;
  replyToId?: string;
  onPosted?: (tweet: Tweet) => void;
  /** Called on every edit (typing indicator). */
  onType?: () => void;
  /** Called on blur and after posting. */
  onStop?: () => void;
};

/**
 * A post or reply box: live character count, Ctrl/⌘+Enter to send, the server's message on failure. Each draft
 * carries one request id, so a double submit or a retry after a lost answer publishes it once; the box is locked
 * while sending. The Home box (no `replyToId`) shows the post on top at once and takes it back if the send fails.
 */
export function Composer({ label, placeholder, submitLabel, replyToId, onPosted, onType, onStop }: ComposerProps) {
  const id = useId();
  const utils = trpc.useUtils();
  const [content, setContent] = useState("");
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  // Set synchronously: a second click lands before React re-renders the button as disabled.
  const sending = useRef(false);
  const create = trpc.tweet.create.useMutation({
    // On Home the post shows on top of the cached feed at once, as a placeholder keyed by the draft's request id.
    onMutate: async (input) => {
      const me = utils.auth.me.getData();
      const { requestId } = input;
      if (replyToId || !me || !requestId) return;
      // Before the first page arrived there is no list to show it in, and cancelling that first fetch would leave
      // Home loading for good: the post then shows with its page or its stream event.
      if (!utils.feed.list.getInfiniteData({ limit: FEED_PAGE })) return;
      // A refetch in flight would answer without the placeholder.
      await utils.feed.list.cancel();
      utils.feed.list.setInfiniteData(
        { limit: FEED_PAGE },
        (data) => data && insertSending(data, sendingEntry(requestId, me, input.content)),
      );
    },
    onSuccess: (tweet, input) => {
      const { requestId } = input;
      if (!replyToId && requestId) {
        utils.feed.list.setInfiniteData({ limit: FEED_PAGE }, (data) => data && settleSending(data, requestId, tweet));
      }
      setContent("");
      // A new draft, a new request id; a failed one keeps its id, so retrying it cannot publish it twice.
      setRequestId(crypto.randomUUID());
      onPosted?.(tweet);
    },
    // Only this post's placeholder goes: whatever the stream added meanwhile stays.
    onError: (_error, { requestId }) => {
      if (!replyToId && requestId) {
        utils.feed.list.setInfiniteData({ limit: FEED_PAGE }, (data) => data && settleSending(data, requestId));
      }
    },
    onSettled: () => {
      sending.current = false;
    },
  });
  // A send that failed for want of a connection: once it is back, the message is stale (the text stays, and Post
  // retries with the same request id). Validation messages stay until the text changes.
  useOnReconnect(() => {
    if (create.isError && getFieldErrors(create.error).content === undefined) create.reset();
  });
  const length = postLength(content);
  const tooLong = length > MAX_POST_LENGTH;
  const fieldErrors = getFieldErrors(create.error).content;

  const submit = () => {
    if (sending.current || create.isPending || length === 0 || tooLong) return;
    sending.current = true;
    onStop?.();
    create.mutate({ content, requestId, ...(replyToId ? { replyToId } : {}) });
  };
  const failure = create.error
    ? (fieldErrors?.join(" ") ?? `Your ${replyToId ? "reply" : "post"} was not sent. ${describeError(create.error)}`)
    : null;

  return (
    <form
      className="composer"
      aria-busy={create.isPending}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor={`${id}-text`} className="sr-only">
        {label}
      </label>
      <textarea
        id={`${id}-text`}
        className="composer-input"
        value={content}
        readOnly={create.isPending}
        aria-readonly={create.isPending || undefined}
        placeholder={placeholder}
        rows={3}
        aria-describedby={`${id}-count`}
        aria-invalid={tooLong || fieldErrors !== undefined || undefined}
        onChange={(event) => {
          setContent(event.target.value);
          // The failure message was about the text as it was.
          if (create.isError) create.reset();
          if (event.target.value.trim()) onType?.();
        }}
        onBlur={() => onStop?.()}
        onKeyDown={(event) => {
          if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            submit();
          }
        }}
      />
      <div className="composer-footer">
        <CharCounter id={`${id}-count`} length={length} max={MAX_POST_LENGTH} />
        <SubmitButton
          pending={create.isPending}
          label={submitLabel}
          pendingLabel="Posting…"
          disabled={length === 0 || tooLong}
        />
      </div>
      <FormError message={failure} />
    </form>
  );
}
