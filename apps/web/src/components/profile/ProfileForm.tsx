import { useId, useState } from "react";
import type { Profile } from "../../api-types";
import { describeError, getFieldErrors } from "../../errors";
import { currentErrors, PICK_TIME_ZONE, timeZoneProblem } from "../../lib/field-messages";
import { browserTimeZone } from "../../lib/timezones";
import { trpc } from "../../trpc";
import { CharCounter } from "../common/CharCounter";
import { FormError } from "../FormError";
import { SubmitButton } from "../SubmitButton";
import { TextField } from "../TextField";
import { TagInput } from "./TagInput";
import { TimezoneField } from "./TimezoneField";

export const MAX_BIO_LENGTH = 2_000;

type ProfileFormProps = { profile: Profile | null; onSaved: (profile: Profile) => void };
type Sent = { bio: string; tags: string; city: string; timezone: string };

export function ProfileForm({ profile, onSaved }: ProfileFormProps) {
  const id = useId();
  const [bio, setBio] = useState(profile?.bio ?? "");
  const [tags, setTags] = useState<string[]>(profile?.interestTags ?? []);
  const [city, setCity] = useState(profile?.city ?? "");
  const [timezone, setTimezone] = useState(profile?.timezone ?? browserTimeZone());
  const [saved, setSaved] = useState(false);
  // What the last Save held: a message about a field shows only while that field is unchanged.
  const [sent, setSent] = useState<Sent | null>(null);
  const upsert = trpc.profile.upsert.useMutation({
    onSuccess: (result) => {
      setSaved(true);
      onSaved(result);
    },
  });
  const fieldErrors = getFieldErrors(upsert.error);
  const bioErrors = currentErrors(fieldErrors.bio, sent?.bio, bio) ?? [];
  const tagErrors = currentErrors(fieldErrors.interestTags, sent?.tags, tags.join(","));
  const cityErrors = currentErrors(fieldErrors.city, sent?.city, city);
  // Checked here first, in plain words; the server's "not an IANA time zone" is never shown as is.
  const zoneProblem = sent?.timezone === timezone ? timeZoneProblem(timezone) : null;
  const zoneErrors = zoneProblem
    ? [zoneProblem]
    : currentErrors(fieldErrors.timezone, sent?.timezone, timezone) && [PICK_TIME_ZONE];
  const anyFieldError = [bioErrors, tagErrors, cityErrors, zoneErrors].some((list) => list && list.length > 0);
  const fieldsRefused = Object.keys(fieldErrors).length > 0;

  return (
    <form
      className="form card"
      aria-busy={upsert.isPending}
      onSubmit={(event) => {
        event.preventDefault();
        if (upsert.isPending) return;
        setSaved(false);
        setSent({ bio, tags: tags.join(","), city, timezone });
        if (timeZoneProblem(timezone)) return;
        upsert.mutate({ bio, interestTags: tags, city, timezone: timezone.trim() });
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-bio`}>Bio</label>
        <textarea
          id={`${id}-bio`}
          value={bio}
          rows={5}
          onChange={(event) => setBio(event.target.value)}
          aria-invalid={bioErrors.length > 0 || bio.length > MAX_BIO_LENGTH || undefined}
          aria-describedby={`${id}-bio-count${bioErrors.length > 0 ? ` ${id}-bio-error` : ""}`}
          placeholder="What are you into? What are you looking for?"
        />
        {bioErrors.length > 0 && (
          <ul id={`${id}-bio-error`} className="field-errors">
            {bioErrors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        )}
        <CharCounter id={`${id}-bio-count`} length={bio.length} max={MAX_BIO_LENGTH} />
      </div>
      <TagInput
        label="Interests"
        tags={tags}
        onChange={setTags}
        errors={tagErrors}
        hint="1 to 20 tags, e.g. climbing, rust, jazz. They matter most for matching."
      />
      <TextField
        label="City"
        name="city"
        value={city}
        onChange={setCity}
        errors={cityErrors}
        autoComplete="address-level2"
        maxLength={100}
      />
      <TimezoneField value={timezone} onChange={setTimezone} errors={zoneErrors} />
      <FormError message={upsert.error && (anyFieldError || !fieldsRefused) ? describeError(upsert.error) : null} />
      <div className="form-actions">
        <SubmitButton pending={upsert.isPending} label="Save profile" pendingLabel="Saving…" />
        <p className="form-success" role="status">
          {saved && !upsert.isPending ? "Profile saved." : ""}
        </p>
      </div>
    </form>
  );
}
