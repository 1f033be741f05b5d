import { request } from "node:http";
import { signupAddress } from "./loopback";

export interface Account {
  id: string;
  username: string;
  token: string;
}

const PASSWORD = "pulse-bench-password";

interface SignupResponse {
  result?: { data?: { token?: string; user?: { id?: string; username?: string } } };
  error?: { message?: string; data?: { code?: string } };
}

function postJson(url: string, body: unknown, localAddress: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(
      url,
      {
        method: "POST",
        localAddress,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/**
 * `auth.signup` over plain HTTP (tRPC's wire format, no batching), from the loopback source address of sign-up
 * number `signup`. Throws with the server's error (e.g. TOO_MANY_REQUESTS) as it came.
 */
export async function signUp(serverUrl: string, username: string, signup: number): Promise<Account> {
  const { status, text } = await postJson(
    `${serverUrl}/trpc/auth.signup`,
    { username, password: PASSWORD },
    signupAddress(signup),
  );
  const body = JSON.parse(text) as SignupResponse;
  const token = body.result?.data?.token;
  const id = body.result?.data?.user?.id;
  if (status !== 200 || !token || !id) {
    const code = body.error?.data?.code ?? `HTTP ${status}`;
    throw new Error(`auth.signup of ${username} failed: ${code}: ${body.error?.message ?? text.slice(0, 300)}`);
  }
  return { id, username, token };
}
