import { useNow } from "../../hooks/useNow";
import { formatAbsolute, formatRelative } from "../../lib/format";

export function RelativeTime({ iso }: { iso: string }) {
  const now = useNow(30_000);
  return (
    <time dateTime={iso} title={formatAbsolute(iso)}>
      {formatRelative(iso, now)}
    </time>
  );
}
