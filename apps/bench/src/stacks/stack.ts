import type { ServerProcess } from "../util/child";

export interface StartOptions {
  inspect?: boolean;
}

export type StackName = "pulse" | "socketio" | "raw";

/** One open client connection of the bench. */
export interface OpenClient {
  /** From starting to connect until the server acknowledged the (first) subscription, in ms. */
  connectMs: number;
  close(): Promise<void> | void;
}

/** What the latency and idle-cost scenarios need from a stack under test. */
export interface Stack {
  readonly name: StackName;
  /** One line: what the stack is and does per sample. */
  readonly description: string;
  /** Starts `count` server processes on one Redis (the stack's own); `inspect` for heap readings. */
  start(count: number, options?: StartOptions): Promise<ServerProcess[]>;
  /** An idle client of idle user number `user`, subscribed to that user's notifications. */
  openIdle(server: ServerProcess, user: number): Promise<OpenClient>;
  /** A connection of the target user (bob); `onEvent` gets each delivered event's sample key. */
  openTarget(server: ServerProcess, onEvent: (key: string) => void): Promise<OpenClient>;
  /** Performs sample number `sample`'s mutation through `server`; resolves with its key once the server answered. */
  trigger(server: ServerProcess, sample: number): Promise<string>;
  /** Closes whatever the stack opened for the servers in `stop` (driver clients), then stops them. */
  stopServers(servers: ServerProcess[]): Promise<void>;
}
