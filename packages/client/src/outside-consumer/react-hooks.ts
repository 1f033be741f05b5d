// A React app's use of @pulse/client/react, typechecked (not rendered) in a project with react installed.
// Each @ts-expect-error line must be a real error: were the hooks typed `any`, tsc would fail on the directive.
import type { StreamEvents } from "@pulse/client";
import {
  createLivePulseClient,
  createPulseReact,
  createStreamCursors,
  useConnectionStatus,
  useTrackedStream,
} from "@pulse/client/react";
import { QueryClient } from "@tanstack/react-query";

export const pulse = createPulseReact();
const client = createLivePulseClient({ url: "http://localhost:3000", getToken: () => "token" });
const queryClient = new QueryClient();
// What <pulse.Provider client={client.trpc} queryClient={queryClient}> receives: the root client fits it.
export const providerProps: Parameters<typeof pulse.Provider>[0] = { client: client.trpc, queryClient, children: null };

type NotificationItem = StreamEvents["notification.onNew"]["data"];
const cursors = createStreamCursors<"notifications">();

export function useTweetScreen(tweetId: string): string {
  const tweet = pulse.tweet.get.useQuery({ tweetId });
  const content: string | undefined = tweet.data?.content;
  const create = pulse.tweet.create.useMutation();
  create.mutate({ content: "hello #pulse" });
  const utils = pulse.useUtils();
  useTrackedStream<NotificationItem, "notifications">({
    cursors,
    stream: "notifications",
    startAfter: null,
    subscribe: (lastEventId, handlers) => utils.client.notification.onNew.subscribe({ lastEventId }, handlers),
    onData: (item) => {
      if (item.type === "event") console.log(item.event.kind);
    },
  });
  const { text } = useConnectionStatus(client.connection);

  // @ts-expect-error content is a string
  create.mutate({ content: 42 });
  // @ts-expect-error tweetId is required
  pulse.tweet.get.useQuery({});
  // @ts-expect-error no such procedure
  pulse.tweet.purge.useMutation();
  // @ts-expect-error outputs are typed: a tweet has no password hash
  void tweet.data?.author.passwordHash;
  // @ts-expect-error stream names are the app's own: "feed" is not one of them
  cursors.get("feed");
  return `${content ?? ""} ${text}`;
}
