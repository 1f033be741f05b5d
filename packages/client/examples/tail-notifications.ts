// A Node service that tails its own notifications and never misses one across reconnects:
//   PULSE_URL=http://localhost:3000 PULSE_TOKEN=<token from auth.login> npx tsx packages/client/examples/tail-notifications.ts
import { createPulseClient } from "@pulse/client";

const url = process.argv[2] ?? "http://localhost:3000";
const token = process.argv[3];
if (!token) throw new Error("usage: tail-notifications.ts <url> <token>");

const pulse = createPulseClient({ url, token, onSessionEnded: () => process.exit(0) });
// Start after the newest notification that already exists: everything from then on arrives, nothing twice.
const { items } = await pulse.trpc.notification.list.query({ limit: 1 });
let lastEventId: string | null = String(items[0]?.seq ?? 0);

pulse.connectionState.subscribe({ next: (state) => console.error(`[connection] ${state.state}`) });
pulse.trpc.notification.onNew.subscribe(
  // tRPC re-sends the latest tracked id on reconnect, so the server replays exactly what was missed.
  { lastEventId },
  {
    onData: ({ id, data }) => {
      lastEventId = id;
      if (data.type === "reset") console.log("(missed too much: refetch with notification.list)");
      else if (data.type === "event") console.log(`${data.event.kind} from @${data.event.actor.username} (#${id})`);
    },
    onError: (error) => console.error("subscription failed:", error.message),
  },
);
