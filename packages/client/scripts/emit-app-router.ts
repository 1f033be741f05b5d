/**
 * Writes the router's type as a self-contained declaration: every procedure's input and output spelled out as plain
 * structural types, with only @trpc/server's public types as imports. The published client bundles this instead of
 * `typeof appRouter`, whose inferred type reaches the server's context (drizzle, pg, ioredis, BullMQ) and
 * @trpc/server internals that a declaration cannot name (TS2742: TrackedData is not exported by @trpc/server).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";

const MAX_DEPTH = 32;

export function emitAppRouterDeclaration(apiEntry: string): string {
  const program = ts.createProgram({
    rootNames: [apiEntry],
    options: {
      strict: true,
      module: ts.ModuleKind.Preserve,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      target: ts.ScriptTarget.ES2023,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
    },
  });
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(apiEntry);
  if (!entry) throw new Error(`cannot read ${apiEntry}`);
  const moduleSymbol = checker.getSymbolAtLocation(entry);
  const routerSymbol = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === "AppRouter");
  if (!routerSymbol) throw new Error(`${apiEntry} exports no AppRouter`);
  const router = checker.getDeclaredTypeOfSymbol(checker.getAliasedSymbol(routerSymbol));

  const property = (type: ts.Type, name: string): ts.Type => {
    const symbol = checker.getPropertyOfType(type, name);
    if (!symbol) throw new Error(`no property ${name} on ${checker.typeToString(type)}`);
    return checker.getNonNullableType(checker.getTypeOfSymbol(symbol));
  };

  /** A type as plain TypeScript: no names of the server's own types, nothing imported. */
  const print = (type: ts.Type, depth: number, path: string): string => {
    if (depth > MAX_DEPTH) throw new Error(`${path}: type too deep (recursive?)`);
    const flags = type.flags;
    if (flags & ts.TypeFlags.Any) throw new Error(`${path}: 'any' in the router's types`);
    if (flags & ts.TypeFlags.StringLiteral) return JSON.stringify((type as ts.StringLiteralType).value);
    if (flags & (ts.TypeFlags.NumberLiteral | ts.TypeFlags.BooleanLiteral)) return checker.typeToString(type);
    if (
      flags &
      (ts.TypeFlags.String |
        ts.TypeFlags.Number |
        ts.TypeFlags.Boolean |
        ts.TypeFlags.BigInt |
        ts.TypeFlags.Null |
        ts.TypeFlags.Undefined |
        ts.TypeFlags.Void |
        ts.TypeFlags.Unknown |
        ts.TypeFlags.Never)
    ) {
      return checker.typeToString(type);
    }
    if (type.isUnion()) {
      const members = type.types.map((member) => print(member, depth + 1, path));
      // `boolean` is the union true | false; write it as such.
      const bothBooleans = members.includes("true") && members.includes("false");
      const rest = bothBooleans ? members.filter((m) => m !== "true" && m !== "false") : members;
      return (bothBooleans ? ["boolean", ...rest] : rest).map((m) => (m.includes("=>") ? `(${m})` : m)).join(" | ");
    }
    if (type.isIntersection()) return type.types.map((member) => `(${print(member, depth + 1, path)})`).join(" & ");
    if (flags & ts.TypeFlags.Object) return printObject(type as ts.ObjectType, depth, path);
    throw new Error(`${path}: cannot write ${checker.typeToString(type)}`);
  };

  const printObject = (type: ts.ObjectType, depth: number, path: string): string => {
    const name = type.getSymbol()?.getName();
    if (name === "Date") return "Date";
    if (checker.isTupleType(type)) {
      return `[${checker
        .getTypeArguments(type as ts.TypeReference)
        .map((e) => print(e, depth + 1, path))
        .join(", ")}]`;
    }
    if (checker.isArrayType(type)) {
      const [element] = checker.getTypeArguments(type as ts.TypeReference);
      if (!element) throw new Error(`${path}: array without element type`);
      return `${name === "ReadonlyArray" ? "ReadonlyArray" : "Array"}<${print(element, depth + 1, path)}>`;
    }
    if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) {
      throw new Error(`${path}: a function cannot travel as JSON`);
    }
    const members = checker
      .getIndexInfosOfType(type)
      .map((info) => `[key: ${checker.typeToString(info.keyType)}]: ${print(info.type, depth + 1, path)};`);
    for (const symbol of checker.getPropertiesOfType(type)) {
      const optional = (symbol.flags & ts.SymbolFlags.Optional) !== 0;
      const key = /^[A-Za-z_$][\w$]*$/.test(symbol.name) ? symbol.name : JSON.stringify(symbol.name);
      const value = print(checker.getTypeOfSymbol(symbol), depth + 1, `${path}.${symbol.name}`);
      members.push(`${key}${optional ? "?" : ""}: ${value};`);
    }
    return members.length === 0 ? "{}" : `{ ${members.join(" ")} }`;
  };

  /** A subscription's output: an async iterable of its events (tracked ones already as `{ id, data }`). */
  const printStream = (output: ts.Type, path: string): string => {
    const [yielded] = checker.getTypeArguments(output as ts.TypeReference);
    if (!yielded || !output.getSymbol()?.getName().startsWith("Async")) {
      throw new Error(`${path}: a subscription must be an async iterable`);
    }
    return `AsyncIterable<${print(yielded, 1, path)}, void, unknown>`;
  };

  const procedureKinds = {
    query: "TRPCQueryProcedure",
    mutation: "TRPCMutationProcedure",
    subscription: "TRPCSubscriptionProcedure",
  } as const;

  const printRecord = (record: ts.Type, indent: string, path: string): string => {
    const lines = checker.getPropertiesOfType(record).map((entry) => {
      const value = checker.getTypeOfSymbol(entry);
      const entryPath = path ? `${path}.${entry.name}` : entry.name;
      const docs = ts.displayPartsToString(entry.getDocumentationComment(checker));
      const doc = docs ? `${indent}/** ${docs.replace(/\s*\n\s*/g, " ")} */\n` : "";
      const definition = checker.getPropertyOfType(value, "_def");
      if (!definition) return `${doc}${indent}${entry.name}: ${printRecord(value, `${indent}  `, entryPath)};`;
      const def = checker.getTypeOfSymbol(definition);
      const kind = checker.typeToString(property(def, "type")).replaceAll('"', "") as keyof typeof procedureKinds;
      if (!(kind in procedureKinds)) throw new Error(`${entryPath}: unknown procedure type ${kind}`);
      const types = property(def, "$types");
      const input = print(
        checker.getTypeOfSymbol(checker.getPropertyOfType(types, "input") as ts.Symbol),
        1,
        entryPath,
      );
      const rawOutput = checker.getTypeOfSymbol(checker.getPropertyOfType(types, "output") as ts.Symbol);
      const output = kind === "subscription" ? printStream(rawOutput, entryPath) : print(rawOutput, 1, entryPath);
      return `${doc}${indent}${entry.name}: ${procedureKinds[kind]}<{ input: ${input}; output: ${output}; meta: object }>;`;
    });
    return `{\n${lines.join("\n")}\n${indent.slice(2)}}`;
  };

  const definition = property(router, "_def");
  const rootTypes = property(property(definition, "_config"), "$types");
  const errorShape = print(property(rootTypes, "errorShape"), 1, "errorShape");
  const transformer = checker.typeToString(property(rootTypes, "transformer"));
  if (transformer !== "false")
    throw new Error(`the router uses a transformer (${transformer}); the wire is plain JSON`);
  const record = printRecord(property(definition, "record"), "  ", "");

  return `// Generated from @pulse/api's AppRouter by packages/client/scripts/emit-app-router.ts: do not edit.
import type { TRPCBuiltRouter, TRPCMutationProcedure, TRPCQueryProcedure, TRPCSubscriptionProcedure } from "@trpc/server";

export type AppRouter = TRPCBuiltRouter<{ ctx: object; meta: object; errorShape: ${errorShape}; transformer: false }, ${record}>;
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [apiEntry, outFile] = process.argv.slice(2);
  if (!apiEntry || !outFile) throw new Error("usage: emit-app-router.ts <api entry .ts> <out .d.ts>");
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, emitAppRouterDeclaration(join(process.cwd(), apiEntry)));
}
