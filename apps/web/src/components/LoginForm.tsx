import { useState } from "react";
import { describeError, getFieldErrors } from "../errors";
import { useStartSession } from "../session";
import { trpc } from "../trpc";
import { FormError } from "./FormError";
import { SubmitButton } from "./SubmitButton";
import { TextField } from "./TextField";

export function LoginForm() {
  const startSession = useStartSession();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const login = trpc.auth.login.useMutation({
    onSuccess: ({ user }) => startSession(user),
  });
  const fieldErrors = getFieldErrors(login.error);

  return (
    <form
      className="form"
      aria-busy={login.isPending}
      onSubmit={(event) => {
        event.preventDefault();
        if (login.isPending) return;
        login.mutate({ username: username.trim(), password });
      }}
    >
      <h1 id="auth-title">Log in</h1>
      <TextField
        label="Username"
        name="username"
        value={username}
        onChange={setUsername}
        errors={fieldErrors.username}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        value={password}
        onChange={setPassword}
        errors={fieldErrors.password}
        autoComplete="current-password"
        required
      />
      <FormError message={login.error ? describeError(login.error) : null} />
      <SubmitButton pending={login.isPending} label="Log in" pendingLabel="Logging in…" />
    </form>
  );
}
