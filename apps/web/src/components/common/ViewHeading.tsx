import type { ReactNode } from "react";

/** The screen's title; focusable so navigation can move focus (and screen readers) to the new screen. */
export function ViewHeading({ children, id = "view-title" }: { children: ReactNode; id?: string }) {
  return (
    <h1 id={id} className="view-title" tabIndex={-1}>
      {children}
    </h1>
  );
}
