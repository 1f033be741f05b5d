/** Small inline icons (no icon font, no dependency); always decorative: the control carries the words. */
const paths = {
  heart: "M12 20.3 4.7 13a4.8 4.8 0 0 1 6.8-6.8l.5.5.5-.5a4.8 4.8 0 0 1 6.8 6.8L12 20.3Z",
  repost: "M7 7h10l-2.5-2.5M17 17H7l2.5 2.5M17 7v5M7 17v-5",
  bookmark: "M7 4h10a1 1 0 0 1 1 1v15l-6-4-6 4V5a1 1 0 0 1 1-1Z",
  reply: "M4 5h16v11H9l-5 4V5Z",
  home: "M4 11 12 4l8 7v9h-5v-6H9v6H4v-9Z",
  bell: "M6 16V11a6 6 0 1 1 12 0v5l2 2H4l2-2Zm4 4h4",
  spark: "M12 3v5M12 16v5M3 12h5M16 12h5M6 6l3 3M15 15l3 3M18 6l-3 3M9 15l-3 3",
  user: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8Zm-7 8a7 7 0 0 1 14 0",
  page: "M5 4h14v16H5V4Zm4 5a2 2 0 1 0 4 0 2 2 0 0 0-4 0Zm-1 7a4 4 0 0 1 8 0",
  chart: "M5 20V10M12 20V4M19 20v-7",
  trend: "M4 17l6-6 4 4 6-7M15 8h5v5",
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, filled = false }: { name: IconName; filled?: boolean }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 24 24"
      width="20"
      height="20"
      aria-hidden="true"
      focusable="false"
      fill={filled ? "currentColor" : "none"}
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={paths[name]} />
    </svg>
  );
}
