export { FIRST_RECONNECT_DELAY_MS, MAX_RECONNECT_DELAY_MS, reconnectDelay } from "./reconnect-delay";
