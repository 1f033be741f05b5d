export {
  CloseCode,
  type CloseCodeName,
  closeReason,
  isSessionEnded,
  type ServerCloseCode,
} from "./close-codes";
