import { type InfiniteData, QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { createLiveWrites } from "./live-writes";

type Page = { items: number[]; next: number | null };
const queryKey = ["feed"];

function setup() {
  const queryClient = new QueryClient();
  const resolvers: ((page: Page) => void)[] = [];
  const options = {
    queryKey,
    initialPageParam: 0,
    getNextPageParam: (last: Page) => last.next,
    queryFn: () => new Promise<Page>((resolve) => resolvers.push(resolve)),
  };
  const prepend = (value: number) => () =>
    queryClient.setQueryData<InfiniteData<Page, number>>(queryKey, (data) => {
      if (!data || data.pages[0]?.items.includes(value)) return data;
      const [first, ...rest] = data.pages;
      return first ? { ...data, pages: [{ ...first, items: [value, ...first.items] }, ...rest] } : data;
    });
  const data = () => queryClient.getQueryData<InfiniteData<Page, number>>(queryKey);
  return { queryClient, resolvers, options, prepend, data, writes: createLiveWrites(queryClient.getQueryCache()) };
}

describe("live writes during a fetch", () => {
  it("survive a next page landing (the fetch started from the pages before them)", async () => {
    const { queryClient, resolvers, options, prepend, data, writes } = setup();
    const first = queryClient.fetchInfiniteQuery(options);
    resolvers.shift()?.({ items: [3, 2], next: 1 });
    await first;
    const older = queryClient.fetchInfiniteQuery({ ...options, pages: 2 });
    // The query is fetching page 2 (refetching page 1 first): a live item arrives.
    await Promise.resolve();
    writes.write(queryKey, prepend(4));
    expect(data()?.pages[0]?.items).toEqual([4, 3, 2]);
    while (resolvers.length === 0) await Promise.resolve();
    resolvers.shift()?.({ items: [3, 2], next: 1 });
    while (resolvers.length === 0) await Promise.resolve();
    resolvers.shift()?.({ items: [1], next: null });
    await older;
    expect(data()?.pages.map((page) => page.items)).toEqual([[4, 3, 2], [1]]);
  });

  it("apply once when no fetch is in flight", async () => {
    const { queryClient, resolvers, options, prepend, data, writes } = setup();
    const first = queryClient.fetchInfiniteQuery(options);
    resolvers.shift()?.({ items: [1], next: null });
    await first;
    writes.write(queryKey, prepend(2));
    expect(data()?.pages[0]?.items).toEqual([2, 1]);
  });
});
