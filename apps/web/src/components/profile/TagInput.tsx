import { useId, useState } from "react";
import { addTags, MAX_TAGS } from "../../lib/tags";

type TagInputProps = {
  label: string;
  tags: string[];
  onChange: (tags: string[]) => void;
  hint?: string;
  errors?: string[];
};

/** Chips: type a tag and press Enter or comma; Backspace in the empty box removes the last one. */
export function TagInput({ label, tags, onChange, hint, errors = [] }: TagInputProps) {
  const id = useId();
  const [draft, setDraft] = useState("");
  const [announcement, setAnnouncement] = useState("");
  const invalid = errors.length > 0;
  const full = tags.length >= MAX_TAGS;

  const commit = () => {
    if (!draft.trim()) return;
    const next = addTags(tags, draft);
    const added = next.filter((tag) => !tags.includes(tag));
    onChange(next);
    setDraft("");
    setAnnouncement(
      added.length > 0 ? `Added ${added.join(", ")}` : full ? `At most ${MAX_TAGS} tags` : "Already added",
    );
  };
  const remove = (tag: string) => {
    onChange(tags.filter((item) => item !== tag));
    setAnnouncement(`Removed ${tag}`);
  };

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className={invalid ? "tag-input tag-input-invalid" : "tag-input"}>
        <ul className="chips" aria-label={`${tags.length} of ${MAX_TAGS} chosen`}>
          {tags.map((tag) => (
            <li key={tag} className="chip">
              <span>{tag}</span>
              <button type="button" className="chip-remove" aria-label={`Remove ${tag}`} onClick={() => remove(tag)}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <input
          id={id}
          value={draft}
          disabled={full}
          placeholder={full ? `${MAX_TAGS} tags — remove one to add another` : "Add a tag, then Enter"}
          aria-invalid={invalid || undefined}
          aria-describedby={
            [invalid ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined
          }
          onChange={(event) => {
            const value = event.target.value;
            if (value.includes(",")) {
              onChange(addTags(tags, value));
              setDraft("");
            } else {
              setDraft(value);
            }
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              event.preventDefault();
              commit();
            } else if (event.key === "Backspace" && draft === "" && tags.length > 0) {
              const last = tags.at(-1);
              if (last) remove(last);
            }
          }}
          onBlur={commit}
        />
      </div>
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
      {invalid && (
        <ul id={`${id}-error`} className="field-errors">
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
