import { authRouter } from "./router/auth";
import { discoveryRouter } from "./router/discovery";
import { engagementRouter } from "./router/engagement";
import { feedRouter } from "./router/feed";
import { matchRouter } from "./router/match";
import { notificationRouter } from "./router/notification";
import { profileRouter } from "./router/profile";
import { statsRouter } from "./router/stats";
import { trendingRouter } from "./router/trending";
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
  feed: feedRouter,
  trending: trendingRouter,
  typing: typingRouter,
  stats: statsRouter,
  profile: profileRouter,
  match: matchRouter,
  discovery: discoveryRouter,
});

export type AppRouter = typeof appRouter;
