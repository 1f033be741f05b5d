import { formatCount } from "../../lib/format";
import { Icon, type IconName } from "../common/Icon";

type EngagementButtonProps = {
  label: string;
  icon: IconName;
  count: number;
  active: boolean;
  busy: boolean;
  onToggle: () => void;
  tone: "like" | "retweet" | "bookmark";
};

/** A toggle (aria-pressed) whose name is the action and whose count is shown beside it. */
export function EngagementButton({ label, icon, count, active, busy, onToggle, tone }: EngagementButtonProps) {
  return (
    <button
      type="button"
      className={`action action-${tone}`}
      aria-pressed={active}
      aria-busy={busy || undefined}
      onClick={onToggle}
    >
      <Icon name={icon} filled={active} />
      <span className="sr-only">{label}</span>
      <span className="action-count" data-count={count}>
        {formatCount(count)}
      </span>
    </button>
  );
}
