// Awaiting a condition with a deadline: the one way scenarios and link tests wait for the world.
// Polls every few milliseconds (the clusters are remote processes; there is no event to subscribe
// to) and fails with a description of what was awaited and what was last seen.

/** Resolves once `condition()` holds (it may be async); rejects after `timeoutMs`. */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  what: string | (() => string),
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) {
      const description = typeof what === "string" ? what : what();
      throw new Error(`timed out after ${timeoutMs}ms waiting for ${description}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A name unique enough for objects of concurrent runs against shared real clusters. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
}
