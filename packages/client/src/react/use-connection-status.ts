import { useEffect, useState } from "react";
import { type ConnectionMonitor, type ConnectionStatus, describeConnection } from "../live/connection";
import { useStore } from "./use-store";

/** The monitor's status and its words, re-read every second while a countdown ("Reconnecting in 3 s…") runs. */
export function useConnectionStatus(monitor: ConnectionMonitor): { status: ConnectionStatus; text: string } {
  const status = useStore(monitor.status);
  const [now, setNow] = useState(Date.now);
  const counting = status.kind === "reconnecting";
  useEffect(() => {
    if (!counting) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [counting]);
  return { status, text: describeConnection(status, now) };
}
