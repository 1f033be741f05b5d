/** Why an upgrade was refused: the client's address, or the whole instance, holds its share of anonymous sockets. */
export type AdmissionRefusal = "ANONYMOUS_PER_IP" | "ANONYMOUS_INSTANCE";

export interface AnonymousAdmissionOptions {
  /** WS_MAX_ANONYMOUS_PER_IP */
  maxPerIp: number;
  /** WS_MAX_ANONYMOUS_CONNECTIONS */
  maxTotal: number;
}

/**
 * Counts sockets that have no session yet, per client address and in total, so that unauthenticated clients (each
 * held until the auth deadline) cannot take an instance's sockets: the upgrade beyond either cap is refused before
 * ws accepts it. A socket stops counting once it authenticates or closes, whichever comes first.
 */
export class AnonymousAdmission {
  readonly #options: AnonymousAdmissionOptions;
  readonly #perIp = new Map<string, number>();
  #total = 0;

  constructor(options: AnonymousAdmissionOptions) {
    this.#options = options;
  }

  /** Counts one more anonymous socket from `ip`, returning its release (idempotent); or says why not. */
  admit(ip: string): { release: () => void } | { refused: AdmissionRefusal } {
    const fromIp = this.#perIp.get(ip) ?? 0;
    if (fromIp >= this.#options.maxPerIp) return { refused: "ANONYMOUS_PER_IP" };
    if (this.#total >= this.#options.maxTotal) return { refused: "ANONYMOUS_INSTANCE" };
    this.#perIp.set(ip, fromIp + 1);
    this.#total++;
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        this.#total--;
        const left = (this.#perIp.get(ip) ?? 1) - 1;
        if (left > 0) this.#perIp.set(ip, left);
        else this.#perIp.delete(ip);
      },
    };
  }

  get total(): number {
    return this.#total;
  }

  countOf(ip: string): number {
    return this.#perIp.get(ip) ?? 0;
  }
}
