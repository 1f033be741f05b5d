import { type RefObject, useEffect, useState } from "react";

/**
 * Whether the element is (near) the viewport, settled: it must stay in view `enterMs` before counting as visible
 * and out of view `leaveMs` before counting as gone, so fast scrolling does not churn subscriptions.
 */
export function useInView(ref: RefObject<Element | null>, { enterMs = 200, leaveMs = 3_000 } = {}): boolean {
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver === "undefined") {
      setVisible(true);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new IntersectionObserver(
      ([entry]) => {
        clearTimeout(timer);
        const inView = entry?.isIntersecting ?? false;
        timer = setTimeout(() => setVisible(inView), inView ? enterMs : leaveMs);
      },
      { rootMargin: "100px 0px" },
    );
    observer.observe(element);
    return () => {
      clearTimeout(timer);
      observer.disconnect();
    };
  }, [ref, enterMs, leaveMs]);
  return visible;
}
