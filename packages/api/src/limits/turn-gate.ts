/**
 * Lets at most `perTurn` callers through per turn of the event loop, first come first served; the others wait for
 * a later turn. Work that only chains promises — PGlite runs every queued query back to back in microtasks — would
 * otherwise keep the loop from reading any socket until all of it is done: 750 subscription starts at once held
 * every other client for seconds. Between two turns the loop polls I/O, so other clients' requests interleave.
 */
export interface TurnGate {
  /** Resolves in the first turn (this one or a later one) that still has room. */
  pass(): Promise<void>;
  /** Callers waiting for a later turn. */
  readonly waiting: number;
}

export function createTurnGate(perTurn: number): TurnGate {
  const queue: Array<() => void> = [];
  let passedThisTurn = 0;
  let scheduled = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(nextTurn);
  };
  function nextTurn(): void {
    scheduled = false;
    passedThisTurn = 0;
    while (passedThisTurn < perTurn && queue.length > 0) {
      passedThisTurn++;
      queue.shift()?.();
    }
    if (passedThisTurn > 0) schedule();
  }
  return {
    pass() {
      schedule();
      if (queue.length === 0 && passedThisTurn < perTurn) {
        passedThisTurn++;
        return Promise.resolve();
      }
      return new Promise((resolve) => queue.push(resolve));
    },
    get waiting() {
      return queue.length;
    },
  };
}
