/** Number and table formatting of the text report. */
import type { StackName } from "../stacks/stack";

export const stackLabel: Record<StackName, string> = { pulse: "Pulse", socketio: "Socket.IO", raw: "raw ws" };

export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function times(value: number): string {
  return Number.isNaN(value) ? "–" : `${value.toFixed(2)}×`;
}

function row(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ");
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((cells) => (cells[i] ?? "").length)));
  const lines = [row(header, widths), widths.map((width) => "-".repeat(width)).join("  ")];
  for (const cells of rows) lines.push(row(cells, widths));
  return lines.join("\n");
}
