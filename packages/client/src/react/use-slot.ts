import { useEffect, useState } from "react";
import type { SlotPool } from "../live/slot-pool";

/** Holds one slot of the pool while `wanted`; answers whether it has one (it may wait for a free slot). */
export function useSlot(pool: SlotPool, wanted: boolean): boolean {
  const [granted, setGranted] = useState(false);
  useEffect(() => {
    if (!wanted) return;
    const release = pool.request(() => setGranted(true));
    return () => {
      release();
      setGranted(false);
    };
  }, [pool, wanted]);
  return granted;
}
