import { describe, expect, it } from "vitest";
import { ConnectionRegistry } from "./connection-registry";
import { messageCost } from "./ws-guard";

const empty = { activeUsers: 0, totalUserConnections: 0, globalConnections: 0, totalConnections: 0 };

describe("ConnectionRegistry", () => {
  it("counts anonymous and signed-in connections per user, as stats.connections reports them", () => {
    const registry = new ConnectionRegistry<object>({ maxConnectionsPerUser: 10 });
    const [a1, a2, b1, anonymous] = [{}, {}, {}, {}];
    for (const connection of [a1, a2, b1, anonymous]) registry.add(connection);
    expect(registry.stats()).toEqual({ ...empty, globalConnections: 4, totalConnections: 4 });

    expect(registry.authenticate(a1, "alice")).toBe(true);
    expect(registry.authenticate(a2, "alice")).toBe(true);
    expect(registry.authenticate(b1, "bob")).toBe(true);
    expect(registry.stats()).toEqual({
      activeUsers: 2,
      totalUserConnections: 3,
      globalConnections: 1,
      totalConnections: 4,
    });
    expect(registry.connectionsOf("alice")).toBe(2);
    expect(registry.userOf(a1)).toBe("alice");
    expect(registry.userOf(anonymous)).toBeNull();
    expect([...registry.userIds()].sort()).toEqual(["alice", "bob"]);
  });

  it("refuses a user's connection over the cap, which stays anonymous", () => {
    const registry = new ConnectionRegistry<object>({ maxConnectionsPerUser: 2 });
    const connections = [{}, {}, {}];
    for (const connection of connections) registry.add(connection);
    expect(connections.map((connection) => registry.authenticate(connection, "alice"))).toEqual([true, true, false]);
    expect(registry.userOf(connections[2] as object)).toBeNull();
    expect(registry.stats()).toMatchObject({ totalUserConnections: 2, globalConnections: 1 });

    registry.remove(connections[0] as object);
    expect(registry.authenticate(connections[2] as object, "alice")).toBe(true);
    expect(registry.connectionsOf("alice")).toBe(2);
  });

  it("keeps a connection to one user, ignores unknown ones, and leaves nothing behind on removal", () => {
    const registry = new ConnectionRegistry<object>({ maxConnectionsPerUser: 5 });
    const connection = {};
    expect(registry.authenticate(connection, "alice")).toBe(false);
    registry.add(connection);
    expect(registry.authenticate(connection, "alice")).toBe(true);
    expect(registry.authenticate(connection, "alice")).toBe(true);
    expect(registry.authenticate(connection, "bob")).toBe(false);
    expect(registry.connectionsOf("alice")).toBe(1);

    registry.remove(connection);
    registry.remove(connection);
    registry.remove({});
    expect(registry.stats()).toEqual(empty);
    expect([...registry.connections()]).toEqual([]);
    expect([...registry.userIds()]).toEqual([]);
    expect(registry.authenticate(connection, "alice")).toBe(false);
  });
});

describe("messageCost", () => {
  it("counts one per frame and one per call of a batch", () => {
    expect(messageCost(Buffer.from('{"id":1,"method":"query","params":{"path":"auth.me"}}'))).toBe(1);
    expect(messageCost(Buffer.from("PING"))).toBe(1);
    expect(messageCost(Buffer.from(' \n[{"id":1},{"id":2},{"id":3}]'))).toBe(3);
    expect(messageCost(Buffer.from("[]"))).toBe(1);
    expect(messageCost(Buffer.from("[not json"))).toBe(1);
    expect(messageCost([Buffer.from("[1,2]")])).toBe(1);
  });
});
