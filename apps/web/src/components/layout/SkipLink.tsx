/** The first Tab stop: jumps past the header and navigation to the screen's title (or its main region). */
export function SkipLink() {
  return (
    // biome-ignore lint/a11y/useValidAnchor: skip links are links by convention (screen readers list them as such).
    <a
      className="skip-link"
      href="#main"
      onClick={(event) => {
        // Routes live in the hash: following "#main" would navigate Home, so move focus by hand.
        event.preventDefault();
        const target = document.getElementById("view-title") ?? document.getElementById("main");
        target?.focus();
      }}
    >
      Skip to content
    </a>
  );
}
