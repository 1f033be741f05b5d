import { authRouter } from "./router/auth";
import { engagementRouter } from "./router/engagement";
import { notificationRouter } from "./router/notification";
import { tweetRouter } from "./router/tweet";
import { typingRouter } from "./router/typing";
import { userRouter } from "./router/user";
import { router } from "./trpc";

export const appRouter = router({
  auth: authRouter,
  user: userRouter,
  tweet: tweetRouter,
  engagement: engagementRouter,
  notification: notificationRouter,
  typing: typingRouter,
});

export type AppRouter = typeof appRouter;
