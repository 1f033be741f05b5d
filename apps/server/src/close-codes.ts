// The close codes live in @pulse/protocol, shared with @pulse/client (which inlines them into its published bundle).
export { CloseCode, type CloseCodeName, closeReason, type ServerCloseCode } from "@pulse/protocol";
