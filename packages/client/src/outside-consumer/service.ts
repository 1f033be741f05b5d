// A service as another team writes it: log in, tail the notifications from where it left off, handle a reset.
import { createPulseClient, type NotificationEvent, type RouterOutputs } from "@pulse/client";

const [url = "http://localhost:3000", username = "", password = ""] = process.argv.slice(2);
const { token, user } = await createPulseClient({ url }).trpc.auth.login.mutate({ username, password });
const me: RouterOutputs["auth"]["me"] = user;
const pulse = createPulseClient({ url, token, onSessionEnded: () => process.exit(3) });

let lastEventId: string | null = null; // a real service stores it, and starts from it next time
pulse.trpc.notification.onNew.subscribe(
  { lastEventId },
  {
    onStarted: () => console.log(JSON.stringify({ subscribed: me.username })),
    onData: ({ id, data }) => {
      lastEventId = id;
      if (data.type === "reset") return console.log(JSON.stringify({ reset: data.latestSeq }));
      if (data.type !== "event") return; // a retraction, sent only to clients that ask for them
      const notification: NotificationEvent = data.event;
      console.log(JSON.stringify({ id, kind: notification.kind, from: notification.actor.username }));
      if (notification.kind === "FOLLOW") pulse.close();
    },
    onError: (error) => {
      console.error(error.message);
      process.exit(1);
    },
  },
);
