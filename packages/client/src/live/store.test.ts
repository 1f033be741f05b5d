import { describe, expect, it } from "vitest";
import { createStore } from "./store";

describe("store", () => {
  it("notifies on a change only, until unsubscribed", () => {
    const store = createStore({ count: 0 });
    let calls = 0;
    const unsubscribe = store.subscribe(() => calls++);
    store.set((previous) => previous);
    store.set({ count: 1 });
    store.set((previous) => ({ count: previous.count + 1 }));
    unsubscribe();
    store.set({ count: 3 });
    expect(calls).toBe(2);
    expect(store.get()).toEqual({ count: 3 });
  });
});
