import { useState } from "react";
import { LoginForm } from "./LoginForm";
import { SignupForm } from "./SignupForm";

type Mode = "login" | "signup";

export function AuthScreen() {
  const [mode, setMode] = useState<Mode>("login");

  return (
    <main className="auth-screen">
      <p className="brand brand-large" aria-hidden="true">
        Pulse
      </p>
      <section className="card auth-card" aria-labelledby="auth-title">
        {mode === "login" ? <LoginForm /> : <SignupForm />}
        <p className="auth-switch">
          {mode === "login" ? "New to Pulse?" : "Already have an account?"}{" "}
          <button type="button" className="link-button" onClick={() => setMode(mode === "login" ? "signup" : "login")}>
            {mode === "login" ? "Create an account" : "Log in"}
          </button>
        </p>
      </section>
    </main>
  );
}
