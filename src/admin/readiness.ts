// Named readiness checks and their verdict, rendered like kube-apiserver's /readyz?verbose so that
// operators read one familiar format. Checks are synchronous reads of state the components already
// keep (a flag, a synced cache); a check that needs I/O would stall every probe and is not supported.

export type ReadinessResult = { ready: true } | { ready: false; reason: string };
export type ReadinessCheck = () => ReadinessResult;

export interface ReadinessReport {
  ready: boolean;
  /** One line per check in registration order, then a verdict line. */
  text: string;
}

/** A set of named checks; the process is ready when every one of them is. */
export class ReadinessChecks {
  readonly #checks = new Map<string, ReadinessCheck>();

  /** Adds a check; returns a function that removes it. Names are unique. */
  add(name: string, check: ReadinessCheck): () => void {
    if (this.#checks.has(name)) throw new Error(`readiness check "${name}" is already registered`);
    this.#checks.set(name, check);
    return (): void => {
      if (this.#checks.get(name) === check) this.#checks.delete(name);
    };
  }

  /** Runs every check; a check that throws counts as not ready, with its error as the reason. */
  evaluate(): ReadinessReport {
    const lines: string[] = [];
    let ready = true;
    for (const [name, check] of this.#checks) {
      const result = runCheck(check);
      if (result.ready) {
        lines.push(`[+]${name} ok`);
      } else {
        ready = false;
        lines.push(`[-]${name} failed: ${result.reason}`);
      }
    }
    lines.push(ready ? "ready" : "not ready");
    return { ready, text: `${lines.join("\n")}\n` };
  }
}

function runCheck(check: ReadinessCheck): ReadinessResult {
  try {
    return check();
  } catch (err) {
    return { ready: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
