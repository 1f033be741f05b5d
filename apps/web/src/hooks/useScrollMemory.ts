import { useEffect, useLayoutEffect, useRef } from "react";

const STORAGE_KEY = "pulse:scroll";
const RESTORE_FOR_MS = 5_000;

/** Scroll offsets per in-app route, kept for the tab's session (so they survive a reload, not a new tab). */
function readOffsets(): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "{}");
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, number>) : {};
  } catch {
    return {};
  }
}

function saveOffset(key: string, top: number): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ ...readOffsets(), [key]: Math.round(top) }));
  } catch {
    // Storage full or disabled: the place is simply not remembered.
  }
}

/**
 * Each screen comes back where it was left — on Back, on a later visit and after a reload — instead of at the top.
 * The browser's own restoration is off: it runs before the feed is drawn, and a hash route change never triggers it.
 */
export function useScrollMemory(routeKey: string): void {
  // Offsets are saved under the route on screen; scroll events caused by the switch itself (the old screen hidden,
  // the jump to the top, the restore) are not the reader's and are not saved.
  const state = useRef({ key: routeKey, switching: false, frame: 0 });

  useEffect(() => {
    history.scrollRestoration = "manual";
    const current = state.current;
    const onScroll = () => {
      if (current.switching) return;
      cancelAnimationFrame(current.frame);
      current.frame = requestAnimationFrame(() => saveOffset(current.key, window.scrollY));
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(current.frame);
      window.removeEventListener("scroll", onScroll);
    };
  }, []);

  useLayoutEffect(() => {
    const current = state.current;
    cancelAnimationFrame(current.frame);
    current.key = routeKey;
    current.switching = true;
    const target = readOffsets()[routeKey] ?? 0;
    window.scrollTo({ top: 0 });
    // The screen may still be loading (a lazy chunk, the feed's first page): wait until it is tall enough.
    let frame = 0;
    const done = () => {
      cancelAnimationFrame(frame);
      // One more frame, so the scroll event of the restore itself is not taken for the reader's.
      frame = requestAnimationFrame(() => {
        current.switching = false;
      });
    };
    const deadline = performance.now() + RESTORE_FOR_MS;
    const attempt = () => {
      const reachable = document.documentElement.scrollHeight - window.innerHeight;
      if (reachable >= target || performance.now() > deadline) {
        window.scrollTo({ top: Math.min(target, Math.max(reachable, 0)) });
        done();
      } else frame = requestAnimationFrame(attempt);
    };
    // The reader scrolling first wins.
    const userScrolled = () => done();
    window.addEventListener("wheel", userScrolled, { once: true, passive: true });
    window.addEventListener("touchmove", userScrolled, { once: true, passive: true });
    frame = requestAnimationFrame(attempt);
    return () => {
      cancelAnimationFrame(frame);
      current.switching = false;
      window.removeEventListener("wheel", userScrolled);
      window.removeEventListener("touchmove", userScrolled);
    };
  }, [routeKey]);
}
