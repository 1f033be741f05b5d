import { useMemo } from "react";
import { timeZones } from "../../lib/timezones";
import { TextField } from "../TextField";

type TimezoneFieldProps = { value: string; onChange: (value: string) => void; errors?: string[] };

/** A text box with the IANA zone list as suggestions (type "Ber" for Europe/Berlin). */
export function TimezoneField({ value, onChange, errors }: TimezoneFieldProps) {
  const zones = useMemo(timeZones, []);
  return (
    <>
      <TextField
        label="Time zone"
        name="timezone"
        value={value}
        onChange={onChange}
        errors={errors}
        list="timezone-options"
        hint="Type a city and pick its zone, e.g. Europe/Berlin — it decides who is awake when you are."
        autoComplete="off"
        spellCheck={false}
        required
      />
      <datalist id="timezone-options">
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
}
