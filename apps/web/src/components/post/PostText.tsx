import { useMemo } from "react";
import { segmentText } from "../../lib/rich-text";
import { hrefFor } from "../../lib/routes";

/** A post's text with links, #topics (to their topic page) and @mentions highlighted — every part is a React text node, never HTML. */
export function PostText({ content, className = "post-text" }: { content: string; className?: string }) {
  const segments = useMemo(() => segmentText(content), [content]);
  return (
    <p className={className}>
      {segments.map((segment, index) => {
        const key = `${index}:${segment.text}`;
        switch (segment.kind) {
          case "topic":
            return (
              <a key={key} className="topic" href={hrefFor({ name: "topic", topic: segment.topic })}>
                {segment.text}
              </a>
            );
          case "mention":
            return (
              <a key={key} className="mention" href={hrefFor({ name: "user", username: segment.username })}>
                {segment.text}
              </a>
            );
          case "link":
            // Text content, never HTML; nofollow so posts cannot buy search ranking, noopener so the page cannot
            // reach back into Pulse.
            return (
              <a key={key} className="post-link" href={segment.href} rel="noopener noreferrer nofollow" target="_blank">
                {segment.text}
              </a>
            );
          default:
            return <span key={key}>{segment.text}</span>;
        }
      })}
    </p>
  );
}
