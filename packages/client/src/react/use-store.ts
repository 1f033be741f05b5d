import { useCallback, useSyncExternalStore } from "react";
import type { Store } from "../live/store";

/** Reads a store (or a part of it: the selector must return a stable value for an unchanged store). */
export function useStore<T, S = T>(store: Store<T>, selector: (value: T) => S = (value) => value as unknown as S): S {
  const getSnapshot = useCallback(() => selector(store.get()), [store, selector]);
  return useSyncExternalStore(store.subscribe, getSnapshot, getSnapshot);
}
