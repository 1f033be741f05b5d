export { type DemoActivity, type DemoActivityOptions, startDemoActivity } from "./activity";
export { DEMO_PASSWORD, DEMO_USERNAME } from "./community";
export { seedDemoCommunity } from "./seed";
