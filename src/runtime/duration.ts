// Durations as users write them in flags and in Link specs: Go's time.ParseDuration syntax limited
// to h, m, s and ms ("1m30s", "1.5s", "500ms", "0"), resolved to whole milliseconds because every
// timer here works in milliseconds. Node's timers overflow above 2^31-1 ms, so longer values are refused.

/** The longest duration a Node timer can wait (about 596 hours). */
export const MAX_DURATION_MS = 2 ** 31 - 1;

const UNITS_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
const TERM = "(\\d+\\.?\\d*|\\.\\d+)(ms|h|m|s)";

/** Whole milliseconds, or undefined for text that is not such a duration (or not a whole number of ms). */
export function parseDurationMs(text: string): number | undefined {
  if (text === "0") return 0;
  if (text === "") return undefined;
  const term = new RegExp(TERM, "y");
  let totalMs = 0;
  while (term.lastIndex < text.length) {
    const match = term.exec(text);
    if (match === null) return undefined;
    totalMs += Number(match[1]) * (UNITS_MS[match[2] ?? ""] ?? Number.NaN);
  }
  const wholeMs = Math.round(totalMs);
  return Math.abs(totalMs - wholeMs) < 1e-6 && wholeMs <= MAX_DURATION_MS ? wholeMs : undefined;
}
