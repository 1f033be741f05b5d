import { useId, useState } from "react";
import type { Tweet } from "../../api-types";
import { describeError, getFieldErrors } from "../../errors";
import { MAX_POST_LENGTH, postLength } from "../../lib/rich-text";
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

/** A post or reply box: live character count, Ctrl/⌘+Enter to send, the server's message on failure. */
export function Composer({ label, placeholder, submitLabel, replyToId, onPosted, onType, onStop }: ComposerProps) {
  const id = useId();
  const [content, setContent] = useState("");
  const create = trpc.tweet.create.useMutation({
    onSuccess: (tweet) => {
      setContent("");
      onPosted?.(tweet);
    },
  });
  const length = postLength(content);
  const tooLong = length > MAX_POST_LENGTH;
  const fieldErrors = getFieldErrors(create.error).content;

  const submit = () => {
    if (create.isPending || length === 0 || tooLong) return;
    onStop?.();
    create.mutate({ content, ...(replyToId ? { replyToId } : {}) });
  };

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
        placeholder={placeholder}
        rows={3}
        aria-describedby={`${id}-count`}
        aria-invalid={tooLong || fieldErrors !== undefined || undefined}
        onChange={(event) => {
          setContent(event.target.value);
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
      <FormError message={create.error ? (fieldErrors?.join(" ") ?? describeError(create.error)) : null} />
    </form>
  );
}
