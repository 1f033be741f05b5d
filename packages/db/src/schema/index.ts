export * from "./feed";
export * from "./ids";
export * from "./match";
export * from "./notifications";
export * from "./profiles";
export * from "./social";
export * from "./streams";
export * from "./users";
