import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./unavailable";

const pgError = (code: string, message = "boom") => Object.assign(new Error(message), { code });
/** As drizzle wraps a driver error: the SQL is in the message, the driver's error is the cause. */
const wrapped = (cause: unknown) =>
  new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: new Error("Failed query: select 1", { cause }) });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["terminated by an administrator", pgError("57P01", "terminating connection due to administrator command")],
    ["server shutting down", pgError("57P02")],
    ["server starting", pgError("57P03")],
    ["statement timeout", pgError("57014", "canceling statement due to statement timeout")],
    ["connection exception class", pgError("08006")],
    ["too many connections", pgError("53300")],
    ["refused", pgError("ECONNREFUSED")],
    ["reset", pgError("ECONNRESET")],
    ["socket timeout", pgError("ETIMEDOUT")],
    ["lost connection", new Error("Connection terminated unexpectedly")],
    ["pool connect timeout", new Error("timeout exceeded when trying to connect")],
    ["connect timeout", new Error("Connection terminated due to connection timeout")],
    ["refused on every address", new AggregateError([pgError("ECONNREFUSED"), pgError("ECONNREFUSED")])],
  ])("%s → unavailable, also when wrapped", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isDatabaseUnavailable(wrapped(error))).toBe(true);
  });

  it.each([
    ["unique violation", pgError("23505")],
    ["syntax error", pgError("42601")],
    ["a bug", new TypeError("cannot read properties of undefined")],
    ["not an error", "Connection terminated"],
  ])("%s → not unavailable", (_name, error) => {
    expect(isDatabaseUnavailable(wrapped(error))).toBe(false);
  });
});
