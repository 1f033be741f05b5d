import { useCallback, useSyncExternalStore } from "react";
import type { Store } from "../live/store";

/** Reads a store (or a part of it: the selector must return a stable value for an unchanged store). */
export function useStore<T>(store: Store<T>): T;
export function useStore<T, S>(store: Store<T>, selector: (value: T) => S): S;
export function useStore<T, S>(store: Store<T>, selector?: (value: T) => S): T | S {
  const getSnapshot = useCallback(() => (selector ? selector(store.get()) : store.get()), [store, selector]);
  return useSyncExternalStore(store.subscribe, getSnapshot, getSnapshot);
}
