type NewPostsBannerProps = { count: number; onShow: () => void };

/** New posts wait here instead of shifting the feed under the reader; the live region announces them. */
export function NewPostsBanner({ count, onShow }: NewPostsBannerProps) {
  const label = `Show ${count} new ${count === 1 ? "post" : "posts"}`;
  return (
    <div className="new-posts" aria-live="polite">
      {count > 0 && (
        <button type="button" className="button button-primary new-posts-button" onClick={onShow}>
          {label}
        </button>
      )}
    </div>
  );
}
