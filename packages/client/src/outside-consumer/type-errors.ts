// Each line below must be a type error: were the types `any`, tsc would fail on the unused directive instead.
import { type CloseCode, createPulseClient, type RouterInputs } from "@pulse/client";

const pulse = createPulseClient({ url: "http://localhost:3000" });
// @ts-expect-error content is a string
void pulse.trpc.tweet.create.mutate({ content: 42 });
// @ts-expect-error no such procedure
void pulse.trpc.tweet.purge.mutate({ tweetId: "t" });
// @ts-expect-error no such router
void pulse.trpc.admin.users.query();
// @ts-expect-error username is required
void pulse.trpc.user.get.query({});
// @ts-expect-error a query is not a mutation
void pulse.trpc.auth.me.mutate();
// @ts-expect-error outputs are typed: a user has no password hash
void pulse.trpc.auth.me.query().then((me) => me.passwordHash);
pulse.trpc.notification.onNew.subscribe(
  { lastEventId: null },
  {
    onData: ({ data }) => {
      // @ts-expect-error stream events are typed: a notification kind is one of five
      if (data.type === "event" && data.event.kind === "POKE") return;
    },
  },
);
// @ts-expect-error inputs are typed
const wrongInput: RouterInputs["auth"]["login"] = { username: "alice" };
// @ts-expect-error close codes are literal
const wrongCode: typeof CloseCode.SESSION_ENDED = 4002;
void wrongInput;
void wrongCode;
