// The problems a config parser reports: runs it, expects a ConfigError and returns its lines, so a
// test can compare them exactly. Any other error is rethrown; no error at all fails the test.

import { ConfigError } from "../../src/config.js";

export function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected a ConfigError");
}
