import { useState } from "react";
import { describeError, getFieldErrors } from "../errors";
import { useStartSession } from "../session";
import { trpc } from "../trpc";
import { FormError } from "./FormError";
import { SubmitButton } from "./SubmitButton";
import { TextField } from "./TextField";

export function SignupForm() {
  const startSession = useStartSession();
  const [username, setUsername] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const signup = trpc.auth.signup.useMutation({
    onSuccess: ({ user }) => startSession(user),
  });
  const fieldErrors = getFieldErrors(signup.error);

  return (
    <form
      className="form"
      aria-busy={signup.isPending}
      onSubmit={(event) => {
        event.preventDefault();
        if (signup.isPending) return;
        signup.mutate({
          username: username.trim(),
          password,
          displayName: displayName.trim() || undefined,
        });
      }}
    >
      <h1 id="auth-title">Create your account</h1>
      <TextField
        label="Username"
        name="username"
        value={username}
        onChange={setUsername}
        errors={fieldErrors.username}
        hint="3–30 letters, numbers or underscores."
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        minLength={3}
        maxLength={30}
        pattern="[A-Za-z0-9_]+"
        title="Letters, numbers and underscores only"
      />
      <TextField
        label="Display name (optional)"
        name="displayName"
        value={displayName}
        onChange={setDisplayName}
        errors={fieldErrors.displayName}
        hint="How others see you on Pulse. Defaults to your username."
        autoComplete="nickname"
        maxLength={50}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        value={password}
        onChange={setPassword}
        errors={fieldErrors.password}
        hint="At least 10 characters."
        autoComplete="new-password"
        required
        minLength={10}
        maxLength={200}
      />
      <FormError message={signup.error ? describeError(signup.error) : null} />
      <SubmitButton pending={signup.isPending} label="Create account" pendingLabel="Creating account…" />
    </form>
  );
}
