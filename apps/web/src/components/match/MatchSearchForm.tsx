import { useState } from "react";
import type { RouterInputs } from "../../api-types";
import { describeError, getFieldErrors } from "../../errors";
import { FormError } from "../FormError";
import { TagInput } from "../profile/TagInput";
import { SubmitButton } from "../SubmitButton";
import { TextField } from "../TextField";

type MatchRequestInput = NonNullable<RouterInputs["match"]["request"]>;

type MatchSearchFormProps = {
  pending: boolean;
  error: unknown;
  onSearch: (overrides: MatchRequestInput) => void;
};

/** "Find matches" from my profile, optionally overriding interests or city for this one search. */
export function MatchSearchForm({ pending, error, onSearch }: MatchSearchFormProps) {
  const [tags, setTags] = useState<string[]>([]);
  const [city, setCity] = useState("");
  const fieldErrors = getFieldErrors(error);

  return (
    <form
      className="card form match-form"
      aria-busy={pending}
      onSubmit={(event) => {
        event.preventDefault();
        if (pending) return;
        onSearch({
          ...(tags.length > 0 ? { interestTags: tags } : {}),
          ...(city.trim() ? { city: city.trim() } : {}),
        });
      }}
    >
      <details className="match-overrides">
        <summary>Adjust this search (optional)</summary>
        <p className="muted">Leave empty to use your profile. Changes here apply to this search only.</p>
        <TagInput label="Interests for this search" tags={tags} onChange={setTags} errors={fieldErrors.interestTags} />
        <TextField label="City for this search" name="city" value={city} onChange={setCity} errors={fieldErrors.city} />
      </details>
      <FormError message={error ? describeError(error) : null} />
      <SubmitButton pending={pending} label="Find matches" pendingLabel="Matching…" keepFocus />
    </form>
  );
}
