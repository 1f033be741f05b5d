/**
 * Counts of this instance's open WebSocket connections, in the shape of `stats.connections` (the seeds'
 * `/ws/stats`): `activeUsers` distinct signed-in users, `totalUserConnections` their sockets, `globalConnections`
 * sockets without a user (not signed in yet), `totalConnections` all of them. Summing instances gives cluster
 * totals, except `activeUsers`: a user may be connected to several instances, so union `userIds()` instead.
 */
export interface ConnectionStats {
  activeUsers: number;
  totalUserConnections: number;
  globalConnections: number;
  totalConnections: number;
}

export interface ConnectionRegistryOptions {
  /** Authenticated connections one user may hold on this instance. */
  maxConnectionsPerUser: number;
  /** Told after every change (add, authenticate, remove), e.g. to report presence to the cluster. */
  onChange?: () => void;
}

/**
 * Which connections are open and which user each belongs to. Keyed by the connection object itself; every method
 * is O(1) (stats are kept as counters) and a removed connection leaves nothing behind.
 */
export class ConnectionRegistry<Connection extends object> {
  readonly maxConnectionsPerUser: number;
  /** Every open connection → its user, or null while anonymous. */
  readonly #userOf = new Map<Connection, string | null>();
  readonly #byUser = new Map<string, Set<Connection>>();
  #userConnections = 0;

  readonly #onChange: () => void;

  constructor(options: ConnectionRegistryOptions) {
    this.maxConnectionsPerUser = options.maxConnectionsPerUser;
    this.#onChange = options.onChange ?? (() => {});
  }

  /** A new connection, anonymous until `authenticate`. */
  add(connection: Connection): void {
    if (this.#userOf.has(connection)) return;
    this.#userOf.set(connection, null);
    this.#onChange();
  }

  /**
   * Assigns the connection to its user. False — and the connection stays anonymous — when it is not registered
   * (already removed) or when the user already holds `maxConnectionsPerUser` connections.
   */
  authenticate(connection: Connection, userId: string): boolean {
    const current = this.#userOf.get(connection);
    if (current === undefined) return false;
    if (current === userId) return true;
    if (current !== null) return false;
    const connections = this.#byUser.get(userId) ?? new Set<Connection>();
    if (connections.size >= this.maxConnectionsPerUser) return false;
    connections.add(connection);
    this.#byUser.set(userId, connections);
    this.#userOf.set(connection, userId);
    this.#userConnections++;
    this.#onChange();
    return true;
  }

  /** Forgets the connection; harmless for one that is unknown or already removed. */
  remove(connection: Connection): void {
    const userId = this.#userOf.get(connection);
    if (userId === undefined) return;
    this.#userOf.delete(connection);
    const connections = userId === null ? undefined : this.#byUser.get(userId);
    if (userId !== null && connections?.delete(connection)) {
      this.#userConnections--;
      if (connections.size === 0) this.#byUser.delete(userId);
    }
    this.#onChange();
  }

  userOf(connection: Connection): string | null | undefined {
    return this.#userOf.get(connection);
  }

  connectionsOf(userId: string): number {
    return this.#byUser.get(userId)?.size ?? 0;
  }

  /** Every open connection, anonymous ones included. */
  connections(): IterableIterator<Connection> {
    return this.#userOf.keys();
  }

  /** The users with at least one open connection. */
  userIds(): IterableIterator<string> {
    return this.#byUser.keys();
  }

  /** Each signed-in user's number of open connections (for a histogram: counts only, no user ids). */
  *connectionsPerUser(): Generator<number> {
    for (const connections of this.#byUser.values()) yield connections.size;
  }

  /** Connections per signed-in user, and how many are anonymous: what this instance reports to the cluster. */
  snapshot(): { perUser: Map<string, number>; anonymous: number } {
    const perUser = new Map([...this.#byUser].map(([userId, connections]) => [userId, connections.size]));
    return { perUser, anonymous: this.#userOf.size - this.#userConnections };
  }

  stats(): ConnectionStats {
    const totalConnections = this.#userOf.size;
    return {
      activeUsers: this.#byUser.size,
      totalUserConnections: this.#userConnections,
      globalConnections: totalConnections - this.#userConnections,
      totalConnections,
    };
  }
}
